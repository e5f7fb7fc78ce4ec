import { OPERATOR_ROLES, type OperatorActor, type OperatorRole } from './operators.types';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why the actor may not make this request, or undefined if they may. Looking is open to
 * every role; changing anything needs an `act` token and at least the `operator` role;
 * `minimumRole` raises that bar (managing operators is for admins).
 */
export function refusal(actor: OperatorActor, method: string, minimumRole: OperatorRole | undefined): string | undefined {
  const needed = minimumRole ?? (SAFE_METHODS.has(method.toUpperCase()) ? 'viewer' : 'operator');
  if (!SAFE_METHODS.has(method.toUpperCase()) && actor.scope === 'read') return `${actor.via} is a read-only token`;
  if (OPERATOR_ROLES.indexOf(actor.role) < OPERATOR_ROLES.indexOf(needed)) return `${actor.name} is ${article(actor.role)} ${actor.role}; this needs the ${needed} role`;
  return undefined;
}

function article(role: OperatorRole): string {
  return /^[aeiou]/.test(role) ? 'an' : 'a';
}

/** How a record names the actor: `Sari Dewi (token:deploy-bot)`. */
export function describeActor(actor: OperatorActor): string {
  return actor.operatorId === null ? actor.via : `${actor.name} (${actor.via})`;
}

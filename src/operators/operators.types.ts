/** What an operator may do (issue 15): each role includes the ones before it. */
export const OPERATOR_ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** `read` tokens may only look; `act` tokens may do what their operator's role allows. */
export const TOKEN_SCOPES = ['read', 'act'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Who made an /admin request: a named operator through one of their tokens, or the bootstrap token. */
export interface OperatorActor {
  /** Null for the bootstrap token (ADMIN_API_TOKEN), which acts as an admin. */
  operatorId: string | null;
  name: string;
  role: OperatorRole;
  scope: TokenScope;
  /** How they authenticated, for logs and records: `token:<name>` or `bootstrap token`. */
  via: string;
}

export const BOOTSTRAP_ACTOR: OperatorActor = { operatorId: null, name: 'ADMIN_API_TOKEN', role: 'admin', scope: 'act', via: 'bootstrap token' };

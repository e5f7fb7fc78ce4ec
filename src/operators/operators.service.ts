import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { PasswordHasher } from '../common/security/passwords';
import { describeActor, refusal } from './operator-access';
import { BOOTSTRAP_ACTOR, type OperatorActor, type OperatorRole, type TokenScope } from './operators.types';
import { generateOperatorToken, looksLikeOperatorToken, storedForm } from './operator-token';
import { OperatorRow, OperatorsRepository, OperatorTokenRow } from './operators.repository';
import { OperatorSessionsRepository } from './operator-sessions.repository';
import type { IssuedOperatorTokenView, OperatorTokenView, OperatorView, OperatorWithPasswordView } from './operators.views';

/** The CLI runs on the server with its database credentials: an admin by construction. */
export const CLI_ACTOR: OperatorActor = { ...BOOTSTRAP_ACTOR, via: 'server CLI' };

/**
 * Named operators and their API tokens (issue 15). Every /admin request is made by one of
 * them (or by the bootstrap ADMIN_API_TOKEN), so what an operator does can be told apart
 * from what another did. Tokens are shown once and stored as SHA-256 only.
 */
@Injectable()
export class OperatorsService {
  constructor(
    private readonly operators: OperatorsRepository,
    private readonly sessions: OperatorSessionsRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  /** A new operator with a first password (shown once) for the console; they set up their authenticator at first sign-in. */
  async create(actor: OperatorActor, input: { name: string; email: string; role: OperatorRole }): Promise<OperatorWithPasswordView> {
    const email = input.email.trim();
    const initialPassword = PasswordHasher.generate();
    const row = await this.operators.insert({
      name: input.name.trim(),
      email,
      role: input.role,
      createdBy: describeActor(actor),
      passwordHash: await this.passwords.hash(initialPassword),
    });
    if (!row) throw new DomainError('DUPLICATE_OPERATOR_ERROR', `An active operator already signs in as ${email}`);
    return { ...operatorView(row), initial_password: initialPassword };
  }

  /**
   * A lost phone or password (admins only): a new first password, shown once; the
   * authenticator is set up again at the next sign-in, and every console session ends.
   */
  async resetSignIn(actor: OperatorActor, id: string): Promise<OperatorWithPasswordView> {
    if (actor.operatorId === id) throw new DomainError('OPERATOR_FORBIDDEN_ERROR', 'An operator cannot reset their own sign-in; ask another admin');
    const initialPassword = PasswordHasher.generate();
    const row = await this.operators.resetSignIn(id, await this.passwords.hash(initialPassword));
    if (!row) throw operatorNotFound(id);
    await this.sessions.revokeAll(id);
    return { ...operatorView(row), initial_password: initialPassword };
  }

  async list(): Promise<OperatorView[]> {
    return (await this.operators.list()).map(operatorView);
  }

  async disable(actor: OperatorActor, id: string): Promise<OperatorView> {
    if (actor.operatorId === id) throw new DomainError('OPERATOR_FORBIDDEN_ERROR', 'An operator cannot disable themselves; ask another admin');
    const row = await this.operators.disable(id);
    if (!row) throw operatorNotFound(id);
    return operatorView(row);
  }

  /** A new token for an operator: admins issue tokens to anyone, others only to themselves. */
  async issueToken(actor: OperatorActor, operatorId: string, input: { name: string; scope: TokenScope }): Promise<IssuedOperatorTokenView> {
    this.assertManagesTokensOf(actor, operatorId);
    const operator = await this.operators.find(operatorId);
    if (!operator || operator.disabled_at) throw operatorNotFound(operatorId);
    const token = generateOperatorToken();
    const row = await this.operators.insertToken({ operatorId, name: input.name.trim(), scope: input.scope, ...storedForm(token) });
    return { ...tokenView(row!), token };
  }

  async tokens(actor: OperatorActor, operatorId: string): Promise<OperatorTokenView[]> {
    this.assertManagesTokensOf(actor, operatorId);
    if (!(await this.operators.find(operatorId))) throw operatorNotFound(operatorId);
    return (await this.operators.tokens(operatorId)).map(tokenView);
  }

  async revokeToken(actor: OperatorActor, tokenId: string): Promise<OperatorTokenView> {
    const token = await this.operators.findToken(tokenId);
    if (!token) throw tokenNotFound(tokenId);
    this.assertManagesTokensOf(actor, token.operator_id);
    const revoked = await this.operators.revokeToken(tokenId);
    return tokenView(revoked ?? token);
  }

  /** The operator behind a token, or undefined for anything that is not a live token of an active operator. */
  async authenticate(token: string): Promise<OperatorActor | undefined> {
    if (!looksLikeOperatorToken(token)) return undefined;
    const live = await this.operators.live(storedForm(token).tokenHash);
    if (!live) return undefined;
    return { operatorId: live.operator_id, name: live.operator_name, role: live.role, scope: live.scope, via: `token:${live.token_name}` };
  }

  /** How records name the actor: `Sari Dewi (token:laptop)`, or `bootstrap token`. */
  describe(actor: OperatorActor): string {
    return describeActor(actor);
  }

  /** Why the actor may not make this /admin request, or undefined (see operator-access.ts). */
  refusal(actor: OperatorActor, method: string, minimumRole: OperatorRole | undefined): string | undefined {
    return refusal(actor, method, minimumRole);
  }

  private assertManagesTokensOf(actor: OperatorActor, operatorId: string): void {
    if (actor.role !== 'admin' && actor.operatorId !== operatorId) {
      throw new DomainError('OPERATOR_FORBIDDEN_ERROR', 'Only admins manage the tokens of other operators');
    }
  }
}

function operatorNotFound(id: string): DomainError {
  return new DomainError('OPERATOR_NOT_FOUND_ERROR', `No active operator with id ${id}`);
}

function tokenNotFound(id: string): DomainError {
  return new DomainError('OPERATOR_TOKEN_NOT_FOUND_ERROR', `No operator token with id ${id}`);
}

function operatorView(row: OperatorRow): OperatorView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    disabled_at: row.disabled_at?.toISOString() ?? null,
    totp_enrolled: row.totp_enrolled,
  };
}

function tokenView(row: OperatorTokenRow): OperatorTokenView {
  return {
    id: row.id,
    operator_id: row.operator_id,
    name: row.name,
    scope: row.scope,
    hint: `…${row.hint}`,
    created_at: row.created_at.toISOString(),
    last_used_at: row.last_used_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}

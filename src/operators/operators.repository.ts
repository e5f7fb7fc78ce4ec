import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/ids';
import { Columns, Sql } from '../database/sql';
import type { OperatorRole, TokenScope } from './operators.types';

export interface OperatorRow {
  id: string;
  name: string;
  email: string;
  role: OperatorRole;
  created_by: string;
  created_at: Date;
  disabled_at: Date | null;
  /** Whether a second factor is set up (the secret itself is read only to sign in). */
  totp_enrolled: boolean;
}

/** What signing in needs to know of an active operator. */
export interface OperatorCredentialsRow {
  id: string;
  name: string;
  email: string;
  role: OperatorRole;
  password_hash: string | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
}

export interface OperatorTokenRow {
  id: string;
  operator_id: string;
  name: string;
  scope: TokenScope;
  hint: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** A live token with its operator, as the guard finds it by the token's hash. */
export interface LiveTokenRow {
  token_id: string;
  token_name: string;
  scope: TokenScope;
  operator_id: string;
  operator_name: string;
  role: OperatorRole;
}

const OPERATOR_COLUMNS = `${Columns.of<Omit<OperatorRow, 'totp_enrolled'>>()('id', 'name', 'email', 'role', 'created_by', 'created_at', 'disabled_at')}, totp_secret IS NOT NULL AS totp_enrolled`;
const TOKEN_COLUMNS = Columns.of<OperatorTokenRow>()('id', 'operator_id', 'name', 'scope', 'hint', 'created_at', 'last_used_at', 'revoked_at');

/** Noting each use would write a row per request; once a minute says enough about whether a token is in use. */
const TOUCH_AFTER_SECONDS = 60;

/** The operators and operator_tokens tables. */
@Injectable()
export class OperatorsRepository {
  constructor(private readonly sql: Sql) {}

  /** Undefined when an active operator already has this email. */
  insert(operator: { name: string; email: string; role: OperatorRole; createdBy: string; passwordHash: string }): Promise<OperatorRow | undefined> {
    return this.sql.one<OperatorRow>(
      `INSERT INTO operators (name, email, role, created_by, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (lower(email)) WHERE disabled_at IS NULL DO NOTHING RETURNING ${OPERATOR_COLUMNS}`,
      [operator.name, operator.email, operator.role, operator.createdBy, operator.passwordHash],
    );
  }

  credentialsByEmail(email: string): Promise<OperatorCredentialsRow | undefined> {
    return this.sql.one<OperatorCredentialsRow>(
      `SELECT id, name, email, role, password_hash, totp_secret, totp_pending_secret FROM operators
       WHERE lower(email) = lower($1) AND disabled_at IS NULL`,
      [email.trim()],
    );
  }

  credentials(id: string): Promise<OperatorCredentialsRow | undefined> {
    return this.sql.one<OperatorCredentialsRow>(
      'SELECT id, name, email, role, password_hash, totp_secret, totp_pending_secret FROM operators WHERE id = $1 AND disabled_at IS NULL',
      [id],
    );
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.sql.query('UPDATE operators SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
  }

  /** A new password, and the second factor to set up again (an admin's reset); undefined when there is no such active operator. */
  async resetSignIn(id: string, passwordHash: string): Promise<OperatorRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.sql.one<OperatorRow>(
      `UPDATE operators SET password_hash = $2, totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL
       WHERE id = $1 AND disabled_at IS NULL RETURNING ${OPERATOR_COLUMNS}`,
      [id, passwordHash],
    );
  }

  async setPendingTotpSecret(id: string, secret: string): Promise<void> {
    await this.sql.query('UPDATE operators SET totp_pending_secret = $2 WHERE id = $1 AND totp_secret IS NULL', [id, secret]);
  }

  /** Makes the pending secret the operator's second factor, its first code used; false if it changed meanwhile. */
  async confirmTotp(id: string, secret: string, step: number): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE operators SET totp_secret = $2, totp_pending_secret = NULL, totp_last_step = $3
       WHERE id = $1 AND totp_secret IS NULL AND totp_pending_secret = $2 RETURNING id`,
      [id, secret, step],
    );
    return rows.length > 0;
  }

  /** Records a code's time step as used; false when it (or a later one) was used already: a replayed code. */
  async useTotpStep(id: string, step: number): Promise<boolean> {
    const rows = await this.sql.query(
      'UPDATE operators SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id',
      [id, step],
    );
    return rows.length > 0;
  }

  list(): Promise<OperatorRow[]> {
    return this.sql.query<OperatorRow>(`SELECT ${OPERATOR_COLUMNS} FROM operators ORDER BY disabled_at IS NOT NULL, lower(name), id`);
  }

  async find(id: string): Promise<OperatorRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.sql.one<OperatorRow>(`SELECT ${OPERATOR_COLUMNS} FROM operators WHERE id = $1`, [id]);
  }

  /** Disables the operator and revokes their tokens; undefined when there is no such active operator. */
  async disable(id: string): Promise<OperatorRow | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.sql.one<OperatorRow>(
      `UPDATE operators SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL RETURNING ${OPERATOR_COLUMNS}`,
      [id],
    );
    if (row) await this.sql.query('UPDATE operator_tokens SET revoked_at = now() WHERE operator_id = $1 AND revoked_at IS NULL', [id]);
    return row;
  }

  insertToken(token: { operatorId: string; name: string; scope: TokenScope; tokenHash: string; hint: string }): Promise<OperatorTokenRow | undefined> {
    return this.sql.one<OperatorTokenRow>(
      `INSERT INTO operator_tokens (operator_id, name, scope, token_hash, hint) VALUES ($1, $2, $3, $4, $5) RETURNING ${TOKEN_COLUMNS}`,
      [token.operatorId, token.name, token.scope, token.tokenHash, token.hint],
    );
  }

  tokens(operatorId: string): Promise<OperatorTokenRow[]> {
    return this.sql.query<OperatorTokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM operator_tokens WHERE operator_id = $1 ORDER BY revoked_at IS NOT NULL, created_at DESC, id`,
      [operatorId],
    );
  }

  async findToken(id: string): Promise<OperatorTokenRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.sql.one<OperatorTokenRow>(`SELECT ${TOKEN_COLUMNS} FROM operator_tokens WHERE id = $1`, [id]);
  }

  /** Revokes a live token; undefined when it is unknown or already revoked. */
  async revokeToken(id: string): Promise<OperatorTokenRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.sql.one<OperatorTokenRow>(
      `UPDATE operator_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING ${TOKEN_COLUMNS}`,
      [id],
    );
  }

  /** The token of this hash if it is live and its operator active; notes its use (at most once a minute). */
  async live(tokenHash: string): Promise<LiveTokenRow | undefined> {
    return this.sql.one<LiveTokenRow>(
      `WITH found AS (
         SELECT t.id AS token_id, t.name AS token_name, t.scope, o.id AS operator_id, o.name AS operator_name, o.role,
                t.last_used_at IS NULL OR t.last_used_at < now() - make_interval(secs => $2) AS stale
         FROM operator_tokens t JOIN operators o ON o.id = t.operator_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND o.disabled_at IS NULL
       ), touched AS (
         UPDATE operator_tokens SET last_used_at = now() WHERE id IN (SELECT token_id FROM found WHERE stale)
       )
       SELECT token_id, token_name, scope, operator_id, operator_name, role FROM found`,
      [tokenHash, TOUCH_AFTER_SECONDS],
    );
  }
}

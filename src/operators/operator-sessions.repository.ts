import { Injectable } from '@nestjs/common';
import { SESSION_TOUCH_AFTER_SECONDS, SessionTable } from '../database/session-table';
import { Sql } from '../database/sql';
import type { OperatorRole } from './operators.types';

/** A live console session with its operator, as found by its token's hash. */
export interface LiveOperatorSessionRow {
  session_id: string;
  expires_at: Date;
  /** Last seen more than a minute ago: time to move its idle expiry. */
  stale: boolean;
  operator_id: string;
  name: string;
  email: string;
  role: OperatorRole;
}

/** The operator_sessions table: console sign-ins. */
@Injectable()
export class OperatorSessionsRepository extends SessionTable {
  constructor(sql: Sql) {
    super(sql, 'operator_sessions', 'operator_id');
  }

  /** The session of a token hash if it is live and its operator still active. */
  live(tokenHash: string, idleSeconds: number): Promise<LiveOperatorSessionRow | undefined> {
    return this.sql.one<LiveOperatorSessionRow>(
      `SELECT s.id AS session_id, s.expires_at, s.last_seen_at < now() - make_interval(secs => $3) AS stale,
              o.id AS operator_id, o.name, o.email, o.role
       FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
         AND s.last_seen_at > now() - make_interval(secs => $2) AND o.disabled_at IS NULL`,
      [tokenHash, idleSeconds, SESSION_TOUCH_AFTER_SECONDS],
    );
  }
}

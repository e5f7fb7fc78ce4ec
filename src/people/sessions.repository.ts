import { Injectable } from '@nestjs/common';
import type { PersonRole } from '../common/http/dashboard-api';
import { SESSION_TOUCH_AFTER_SECONDS, SessionTable } from '../database/session-table';
import { Sql } from '../database/sql';

/** A live session with its person, as found by its token's hash. */
export interface LiveSessionRow {
  session_id: string;
  expires_at: Date;
  /** Last seen more than a minute ago: time to move its idle expiry. */
  stale: boolean;
  person_id: string;
  merchant_id: string;
  name: string;
  email: string;
  role: PersonRole;
}

/** The dashboard_sessions table (with the people it belongs to). */
@Injectable()
export class SessionsRepository extends SessionTable {
  constructor(sql: Sql) {
    super(sql, 'dashboard_sessions', 'person_id');
  }

  /**
   * The session of a token hash if it is live: not revoked, before its absolute expiry,
   * used within the idle time, and its person not removed.
   */
  live(tokenHash: string, idleSeconds: number): Promise<LiveSessionRow | undefined> {
    return this.sql.one<LiveSessionRow>(
      `SELECT s.id AS session_id, s.expires_at, s.last_seen_at < now() - make_interval(secs => $3) AS stale,
              p.id AS person_id, p.merchant_id, p.name, p.email, p.role
       FROM dashboard_sessions s JOIN people p ON p.id = s.person_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
         AND s.last_seen_at > now() - make_interval(secs => $2) AND p.removed_at IS NULL`,
      [tokenHash, idleSeconds, SESSION_TOUCH_AFTER_SECONDS],
    );
  }
}

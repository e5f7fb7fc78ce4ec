import { Injectable } from '@nestjs/common';
import type { PersonRole } from '../common/http/dashboard-api';
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

/** Moving last_seen_at on every request would write a row per request; once a minute is exact enough for hours of idle time. */
const TOUCH_AFTER_SECONDS = 60;

/** The dashboard_sessions table (with the people it belongs to). */
@Injectable()
export class SessionsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(personId: string, tokenHash: string, absoluteSeconds: number): Promise<{ id: string; expires_at: Date }> {
    const row = await this.sql.one<{ id: string; expires_at: Date }>(
      `INSERT INTO dashboard_sessions (person_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       RETURNING id, expires_at`,
      [personId, tokenHash, absoluteSeconds],
    );
    return row!;
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
      [tokenHash, idleSeconds, TOUCH_AFTER_SECONDS],
    );
  }

  async touch(sessionId: string): Promise<void> {
    await this.sql.query('UPDATE dashboard_sessions SET last_seen_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
  }

  /** Ends one session; false when it had ended already. */
  async revoke(sessionId: string): Promise<boolean> {
    return (await this.sql.query('UPDATE dashboard_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id', [sessionId])).length > 0;
  }

  /** Ends every live session of the person (but `except`); how many there were. */
  async revokeAll(personId: string, except: string | null = null): Promise<number> {
    const rows = await this.sql.query(
      `UPDATE dashboard_sessions SET revoked_at = now()
       WHERE person_id = $1 AND revoked_at IS NULL AND expires_at > now() AND id IS DISTINCT FROM $2::uuid RETURNING id`,
      [personId, except],
    );
    return rows.length;
  }

  /** Forgets the person's sessions that ended (expired or revoked) a day or more ago. */
  async purgeEnded(personId: string, idleSeconds: number): Promise<void> {
    await this.sql.query(
      `DELETE FROM dashboard_sessions WHERE person_id = $1
         AND (revoked_at < now() - interval '1 day' OR expires_at < now() - interval '1 day'
              OR last_seen_at < now() - make_interval(secs => $2) - interval '1 day')`,
      [personId, idleSeconds],
    );
  }
}

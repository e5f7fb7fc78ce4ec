import { Sql } from './sql';

/** Moving last_seen_at on every request would write a row per request; once a minute is exact enough for hours of idle time. */
export const SESSION_TOUCH_AFTER_SECONDS = 60;

/**
 * A table of server-side sessions (dashboard_sessions of people, operator_sessions of
 * operators): the SHA-256 of the cookie's token, idle and absolute expiry, revocation. Each
 * owning module's repository extends it and adds how a live session finds its owner.
 */
export abstract class SessionTable {
  protected constructor(
    protected readonly sql: Sql,
    private readonly table: 'dashboard_sessions' | 'operator_sessions',
    private readonly ownerColumn: 'person_id' | 'operator_id',
  ) {}

  async insert(ownerId: string, tokenHash: string, absoluteSeconds: number): Promise<{ id: string; expires_at: Date }> {
    const row = await this.sql.one<{ id: string; expires_at: Date }>(
      `INSERT INTO ${this.table} (${this.ownerColumn}, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       RETURNING id, expires_at`,
      [ownerId, tokenHash, absoluteSeconds],
    );
    return row!;
  }

  async touch(sessionId: string): Promise<void> {
    await this.sql.query(`UPDATE ${this.table} SET last_seen_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  /** Ends one session; false when it had ended already. */
  async revoke(sessionId: string): Promise<boolean> {
    return (await this.sql.query(`UPDATE ${this.table} SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`, [sessionId])).length > 0;
  }

  /** Ends every live session of the owner (but `except`); how many there were. */
  async revokeAll(ownerId: string, except: string | null = null): Promise<number> {
    const rows = await this.sql.query(
      `UPDATE ${this.table} SET revoked_at = now()
       WHERE ${this.ownerColumn} = $1 AND revoked_at IS NULL AND expires_at > now() AND id IS DISTINCT FROM $2::uuid RETURNING id`,
      [ownerId, except],
    );
    return rows.length;
  }

  /** Forgets the owner's sessions that ended (expired or revoked) a day or more ago. */
  async purgeEnded(ownerId: string, idleSeconds: number): Promise<void> {
    await this.sql.query(
      `DELETE FROM ${this.table} WHERE ${this.ownerColumn} = $1
         AND (revoked_at < now() - interval '1 day' OR expires_at < now() - interval '1 day'
              OR last_seen_at < now() - make_interval(secs => $2) - interval '1 day')`,
      [ownerId, idleSeconds],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { MerchantScope } from '../common/environment';
import { Sql } from '../database/sql';

/** How long a key is remembered. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
/** A claim older than this with no stored response belongs to a request that died: it may be taken over. */
const LEASE_SECONDS = 60;

export interface IdempotencyKeyRow {
  request_fingerprint: string;
  status: 'in_flight' | 'completed';
  response_status: number | null;
  response_body: string | null;
}

/** The idempotency_keys table. Claims and releases commit at once; completion joins the use case's transaction. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly sql: Sql) {}

  /** Takes a fresh key, an expired one, or an abandoned claim of the same request; false when someone else holds it. */
  async claim(scope: MerchantScope, key: string, fingerprint: string, leaseId: string): Promise<boolean> {
    const claimed = await this.sql.outsideTransaction(() =>
      this.sql.one(
        `INSERT INTO idempotency_keys (merchant_id, environment, key, request_fingerprint, status, lease_id, leased_until, expires_at)
         VALUES ($1, $2, $3, $4, 'in_flight', $5, now() + make_interval(secs => ${LEASE_SECONDS}), now() + make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS}))
         ON CONFLICT (merchant_id, environment, key) DO UPDATE
           SET request_fingerprint = EXCLUDED.request_fingerprint, status = 'in_flight', lease_id = EXCLUDED.lease_id,
               leased_until = EXCLUDED.leased_until, response_status = NULL, response_body = NULL,
               created_at = now(), expires_at = EXCLUDED.expires_at
           WHERE idempotency_keys.expires_at < now()
              OR (idempotency_keys.status = 'in_flight' AND idempotency_keys.leased_until < now()
                  AND idempotency_keys.request_fingerprint = EXCLUDED.request_fingerprint)
         RETURNING lease_id`,
        [scope.merchantId, scope.environment, key, fingerprint, leaseId],
      ),
    );
    return claimed !== undefined;
  }

  find(scope: MerchantScope, key: string): Promise<IdempotencyKeyRow | undefined> {
    return this.sql.outsideTransaction(() =>
      this.sql.one<IdempotencyKeyRow>(
        'SELECT request_fingerprint, status, response_status, response_body FROM idempotency_keys WHERE merchant_id = $1 AND environment = $2 AND key = $3',
        [scope.merchantId, scope.environment, key],
      ),
    );
  }

  /** Stores the response if the lease is still ours; false when a retry took the key over. */
  @Transactional(Propagation.Mandatory)
  async complete(scope: MerchantScope, key: string, leaseId: string, status: number, body: unknown): Promise<boolean> {
    const updated = await this.sql.one(
      `UPDATE idempotency_keys SET status = 'completed', response_status = $5, response_body = $6, lease_id = NULL, leased_until = NULL
       WHERE merchant_id = $1 AND environment = $2 AND key = $3 AND lease_id = $4 RETURNING key`,
      [scope.merchantId, scope.environment, key, leaseId, status, JSON.stringify(body)],
    );
    return updated !== undefined;
  }

  async release(scope: MerchantScope, key: string, leaseId: string): Promise<void> {
    await this.sql.outsideTransaction(() =>
      this.sql.query('DELETE FROM idempotency_keys WHERE merchant_id = $1 AND environment = $2 AND key = $3 AND lease_id = $4', [
        scope.merchantId,
        scope.environment,
        key,
        leaseId,
      ]),
    );
  }

  /** Deletes up to `limit` keys past their time; returns how many. */
  async purgeExpired(limit: number): Promise<number> {
    const purged = await this.sql.query(
      'DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE expires_at < now() LIMIT $1) RETURNING key',
      [limit],
    );
    return purged.length;
  }
}

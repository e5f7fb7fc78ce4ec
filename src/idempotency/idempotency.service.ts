import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import type { MerchantScope } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { queryRows } from '../database/query-rows';

/** How long a key is remembered. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
/** A claim older than this with no stored response belongs to a request that died: it may be taken over. */
const LEASE_SECONDS = 60;

export type IdempotencyClaim =
  | { kind: 'execute'; leaseId: string }
  | { kind: 'replay'; status: number; body: unknown };

/** Same request = same method, path and body (keys sorted, so JSON key order does not matter). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
        : value;
  return createHash('sha256').update(JSON.stringify([method, path, canonical(body)])).digest('hex');
}

/**
 * Idempotency-Key handling after the IETF draft: the first request with a key claims it
 * (committed at once, so a concurrent duplicate sees it and gets 409), and its response is
 * stored in the same transaction as the change it made, so "done" and "remembered" can
 * never disagree. A retry of a finished request replays the stored response.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  async claim(scope: MerchantScope, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const leaseId = randomUUID();
    const parameters = [scope.merchantId, scope.environment, key, fingerprint, leaseId];
    // A fresh key, an expired one, or an abandoned claim of the same request: ours now.
    const [claimed] = await queryRows(
      this.dataSource,
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
      parameters,
    );
    if (claimed) return { kind: 'execute', leaseId };

    const [existing] = await queryRows<{ request_fingerprint: string; status: string; response_status: number; response_body: string }>(
      this.dataSource,
      'SELECT request_fingerprint, status, response_status, response_body FROM idempotency_keys WHERE merchant_id = $1 AND environment = $2 AND key = $3',
      [scope.merchantId, scope.environment, key],
    );
    if (!existing) return this.claim(scope, key, fingerprint);
    if (existing.request_fingerprint !== fingerprint) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED_ERROR', `Idempotency-Key ${key} was already used with a different request`);
    }
    if (existing.status === 'in_flight') {
      throw new DomainError('IDEMPOTENCY_REQUEST_IN_PROGRESS_ERROR', `A request with Idempotency-Key ${key} is still being processed`);
    }
    return { kind: 'replay', status: existing.response_status, body: JSON.parse(existing.response_body) };
  }

  /** Inside the request's transaction: remember the response, if the claim is still ours. */
  async complete(scope: MerchantScope, key: string, leaseId: string, status: number, body: unknown): Promise<void> {
    const updated = await queryRows(
      this.txHost.tx,
      `UPDATE idempotency_keys SET status = 'completed', response_status = $5, response_body = $6, lease_id = NULL, leased_until = NULL
       WHERE merchant_id = $1 AND environment = $2 AND key = $3 AND lease_id = $4 RETURNING key`,
      [scope.merchantId, scope.environment, key, leaseId, status, JSON.stringify(body)],
    );
    // Our lease ran out and another request took the key over: roll this one back.
    if (!updated.length) throw new DomainError('IDEMPOTENCY_REQUEST_IN_PROGRESS_ERROR', `Idempotency-Key ${key} was taken over by a retry`);
  }

  /** Deletes keys past their 24 h; returns how many. Expired keys already count as absent. */
  async purgeExpired(limit = 10_000): Promise<number> {
    const purged = await queryRows(
      this.dataSource,
      `DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE expires_at < now() LIMIT $1) RETURNING key`,
      [limit],
    );
    return purged.length;
  }

  /** The request failed and changed nothing: the key is free for a retry. */
  async release(scope: MerchantScope, key: string, leaseId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_keys WHERE merchant_id = $1 AND environment = $2 AND key = $3 AND lease_id = $4', [
      scope.merchantId,
      scope.environment,
      key,
      leaseId,
    ]);
  }
}

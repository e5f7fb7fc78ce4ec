import { Injectable } from '@nestjs/common';
import type { Environment } from '../../common/environment';
import { Sql } from '../../database/sql';
import type { CallbackStatus } from '../outbox/callback-events.repository';
import type { DeliveryOutcome } from './callback-sender';

/** Namespace of the per-merchant advisory locks taken while claiming (second key: the merchant). */
const CLAIM_LOCK_NAMESPACE = 7340;

/**
 * Statement 1 of a claim: up to $2 merchants with due events, round-robin from the cursor
 * $1 (the merchant after the last one served, wrapping around), each locked for this
 * transaction with a try-lock so two workers never claim for one merchant at once.
 *
 * A loose index scan over callback_events_due_by_merchant: one probe per merchant with
 * pending events (its first entry is its earliest next_attempt_at), never a row of the
 * backlog behind it. Evaluation is lazy, so the walk stops once $2 merchants are locked.
 */
export const LOCK_DUE_MERCHANTS_SQL = `
  WITH RECURSIVE after_cursor AS (
    (SELECT merchant_id, next_attempt_at FROM callback_events
     WHERE status = 'pending' AND merchant_id > $1
     ORDER BY merchant_id, next_attempt_at LIMIT 1)
    UNION ALL
    SELECT n.merchant_id, n.next_attempt_at FROM after_cursor a
    CROSS JOIN LATERAL (
      SELECT merchant_id, next_attempt_at FROM callback_events
      WHERE status = 'pending' AND merchant_id > a.merchant_id
      ORDER BY merchant_id, next_attempt_at LIMIT 1
    ) n
  ), up_to_cursor AS (
    (SELECT merchant_id, next_attempt_at FROM callback_events
     WHERE status = 'pending' AND merchant_id <= $1
     ORDER BY merchant_id, next_attempt_at LIMIT 1)
    UNION ALL
    SELECT n.merchant_id, n.next_attempt_at FROM up_to_cursor a
    CROSS JOIN LATERAL (
      SELECT merchant_id, next_attempt_at FROM callback_events
      WHERE status = 'pending' AND merchant_id > a.merchant_id AND merchant_id <= $1
      ORDER BY merchant_id, next_attempt_at LIMIT 1
    ) n
  )
  SELECT merchant_id FROM (
    SELECT merchant_id FROM after_cursor WHERE next_attempt_at <= now()
    UNION ALL
    SELECT merchant_id FROM up_to_cursor WHERE next_attempt_at <= now()
    OFFSET 0
  ) due
  WHERE pg_try_advisory_xact_lock(${CLAIM_LOCK_NAMESPACE}, hashtext(merchant_id::text))
  LIMIT $2`;

/**
 * Statement 2 of a claim, run after statement 1 in the same transaction (so its snapshot
 * sees every claim committed before the merchant locks were granted): for each locked
 * merchant ($1, in walk order), its leases still running are counted (index
 * callback_events_leased: at most the cap), and up to cap − running of its oldest due
 * events are read off the front of its index range. Of those, $2 are taken in turns
 * (every merchant's first, then every merchant's second, …) and leased: next_attempt_at
 * moves to the lease's end, so an event in flight is not due, and an event whose worker
 * died becomes due again when the lease runs out (at-least-once). The URL and the
 * merchant's credentials come back with each event, so a delivery needs no further reads.
 */
export const CLAIM_EVENTS_SQL = `
  WITH candidates AS (
    SELECT e.id, row_number() OVER (PARTITION BY m.merchant_id ORDER BY e.next_attempt_at) AS turn, m.position
    FROM unnest($1::uuid[]) WITH ORDINALITY AS m(merchant_id, position)
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS running FROM callback_events l
      WHERE l.merchant_id = m.merchant_id AND l.lease_id IS NOT NULL AND l.leased_until > now()
    ) busy
    CROSS JOIN LATERAL (
      SELECT e.id, e.next_attempt_at FROM callback_events e
      WHERE e.merchant_id = m.merchant_id AND e.status = 'pending' AND e.next_attempt_at <= now()
      ORDER BY e.next_attempt_at
      LIMIT greatest($3::int - busy.running, 0)
    ) e
  ), picked AS (
    SELECT id FROM candidates ORDER BY turn, position LIMIT $2
  ), claimed AS (
    UPDATE callback_events e
    SET leased_until = now() + make_interval(secs => $4), next_attempt_at = now() + make_interval(secs => $4),
        lease_id = gen_random_uuid()
    FROM picked
    WHERE e.id = picked.id AND e.status = 'pending' AND e.next_attempt_at <= now()
    RETURNING e.id, e.merchant_id, e.environment, e.event_type, e.body, e.attempt_count, e.lease_id
  )
  SELECT c.id, c.merchant_id, c.environment, c.event_type, c.body, c.attempt_count, c.lease_id, u.url, cr.callback_token, cr.signing_secret,
         CASE WHEN cr.previous_signing_secret_expires_at > now() THEN cr.previous_signing_secret END AS previous_signing_secret
  FROM claimed c
  LEFT JOIN callback_urls u ON u.merchant_id = c.merchant_id AND u.environment = c.environment AND u.event_type = c.event_type
  LEFT JOIN callback_credentials cr ON cr.merchant_id = c.merchant_id`;

/**
 * Records many attempts in one statement: logs each attempt sent and, only where the
 * lease is still ours, schedules the next attempt or closes the event. A worker whose
 * lease expired (another took the event over) changes nothing but the log.
 */
const RECORD_SQL = `
  WITH r AS (
    SELECT r.* FROM unnest($1::text[], $2::uuid[], $3::text[], $4::int[], $5::float8[], $6::timestamptz[], $7::text[],
                         $8::int[], $9::int[], $10::text[], $11::text[], $12::boolean[])
      AS r(event_id, lease_id, status, attempt_count, retry_seconds, attempted_at, url, status_code, latency_ms, error,
           response_snippet, delivered)
  ), logged AS (
    INSERT INTO callback_attempts (event_id, attempted_at, url, status_code, latency_ms, error, response_snippet, delivered)
    SELECT event_id, attempted_at, url, status_code, latency_ms, error, response_snippet, delivered
    FROM r WHERE r.attempted_at IS NOT NULL
  )
  UPDATE callback_events e
  SET status = r.status, attempt_count = r.attempt_count,
      next_attempt_at = CASE WHEN r.status = 'pending' THEN now() + make_interval(secs => r.retry_seconds) END,
      delivered_at = CASE WHEN r.status = 'delivered' THEN now() END,
      leased_until = NULL, lease_id = NULL
  FROM r
  WHERE e.id = r.event_id AND e.lease_id = r.lease_id`;

/** An event leased by CLAIM_EVENTS_SQL, with what delivering it takes. */
export interface ClaimedEventRow {
  id: string;
  merchant_id: string;
  environment: Environment;
  event_type: string;
  body: string;
  attempt_count: number;
  lease_id: string;
  /** The URL configured for the event type when it was claimed; null: the event becomes no_url. */
  url: string | null;
  callback_token: string;
  signing_secret: string | null;
  previous_signing_secret: string | null;
}

/** One row of RECORD_SQL: what became of a claimed event. */
export interface AttemptRecord {
  eventId: string;
  leaseId: string;
  status: CallbackStatus;
  attemptCount: number;
  retrySeconds: number;
  /** Undefined when nothing was sent (no URL): nothing is logged. */
  attempt?: { attemptedAt: Date; url: string; outcome: DeliveryOutcome };
}

/** The delivery worker's statements on callback_events and callback_attempts: claims (leases) and their results. */
@Injectable()
export class CallbackDeliveriesRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * This transaction's commit does not wait for the WAL flush. A database crash can lose
   * only the last rounds' bookkeeping: their leases and results fall back to what was
   * before, so those events are delivered again (at-least-once), never lost.
   */
  async commitWithoutFlushWait(): Promise<void> {
    await this.sql.query('SET LOCAL synchronous_commit = off');
  }

  async record(records: AttemptRecord[]): Promise<void> {
    const column = <T>(value: (record: AttemptRecord) => T) => records.map(value);
    await this.sql.prepared('callbacks_record', RECORD_SQL, [
      column((r) => r.eventId),
      column((r) => r.leaseId),
      column((r) => r.status),
      column((r) => r.attemptCount),
      column((r) => r.retrySeconds),
      column((r) => r.attempt?.attemptedAt ?? null),
      column((r) => r.attempt?.url ?? null),
      column((r) => r.attempt?.outcome.statusCode ?? null),
      column((r) => r.attempt?.outcome.latencyMs ?? null),
      column((r) => r.attempt?.outcome.error ?? null),
      column((r) => r.attempt?.outcome.responseSnippet ?? null),
      column((r) => r.attempt?.outcome.delivered ?? null),
    ]);
  }

  /** Statement 1 of a claim: the merchants locked, in walk order from the one after `after`. */
  async lockDueMerchants(after: string, max: number): Promise<string[]> {
    const rows = await this.sql.prepared<{ merchant_id: string }>('callbacks_lock_due_merchants', LOCK_DUE_MERCHANTS_SQL, [after, max]);
    return rows.map((row) => row.merchant_id);
  }

  /** Statement 2 of a claim, in the transaction of statement 1. */
  claimEvents(merchantIds: string[], max: number, maxInFlightPerMerchant: number, leaseSeconds: number): Promise<ClaimedEventRow[]> {
    return this.sql.prepared<ClaimedEventRow>('callbacks_claim_events', CLAIM_EVENTS_SQL, [merchantIds, max, maxInFlightPerMerchant, leaseSeconds]);
  }
}

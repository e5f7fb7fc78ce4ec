import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { Environment } from '../../common/environment';
import { AppConfig } from '../../config/app-config';
import { CallbackSender, DeliveryOutcome } from './callback-sender';
import { nextAttemptDelayMs } from './retry-schedule';

export interface ClaimedEvent {
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
  /** Current secret first; during a rotation the previous one signs too. */
  signing_secrets: string[];
}

/** What one attempt came to, to be recorded (in a batch) by `record`. */
export interface AttemptResult {
  event: ClaimedEvent;
  /** Undefined when nothing was sent (no URL). */
  attempt?: { attemptedAt: Date; url: string; outcome: DeliveryOutcome };
}

/** How long past the request timeout a claim stays ours before another worker may take it. */
const LEASE_MARGIN_SECONDS = 5;

/** Namespace of the per-merchant advisory locks taken while claiming (second key: the merchant). */
export const CLAIM_LOCK_NAMESPACE = 7340;

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

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
  SELECT c.*, u.url, cr.callback_token, cr.signing_secret,
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
    SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::int[], $5::float8[], $6::timestamptz[], $7::text[],
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

interface ClaimedRow extends Omit<ClaimedEvent, 'signing_secrets'> {
  signing_secret: string | null;
  previous_signing_secret: string | null;
}

/**
 * Claims due events in batches and delivers them. A claim is a lease (leased_until +
 * lease_id) so any number of instances share the work and an instance that dies
 * mid-delivery loses nothing: its lease expires and the event is claimed again
 * (at-least-once). Claiming costs the same with 10 or 1,000,000 events waiting: see
 * LOCK_DUE_MERCHANTS_SQL and CLAIM_EVENTS_SQL.
 */
@Injectable()
export class CallbackDeliveryService {
  /** Round-robin position: the last merchant this instance locked for a claim. */
  private cursor = NIL_UUID;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sender: CallbackSender,
    private readonly config: AppConfig,
  ) {}

  get leaseSeconds(): number {
    return this.config.callbacks.timeoutMs / 1000 + LEASE_MARGIN_SECONDS;
  }

  /**
   * Up to `max` due events, fairly across merchants (round-robin over merchants with due
   * work, turns within the batch) and never taking a merchant past
   * CALLBACK_MAX_IN_FLIGHT_PER_MERCHANT leases across all instances.
   */
  claim(max: number): Promise<ClaimedEvent[]> {
    return this.recordAndClaim([], max);
  }

  /**
   * One round trip of the worker, in one transaction (one commit): records `results`
   * (freeing their merchants' in-flight slots) and claims up to `max` due events. Either
   * both happen or neither.
   */
  async recordAndClaim(results: AttemptResult[], max: number): Promise<ClaimedEvent[]> {
    if (max <= 0) {
      await this.record(results);
      return [];
    }
    // Straight on the pg connection, with named (prepared) statements: planned once per
    // connection, not on every round.
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    let open = false;
    try {
      // A round's commit does not wait for the WAL flush. A database crash can lose only the
      // last rounds' bookkeeping: their leases and results fall back to what was before, so
      // those events are delivered again (at-least-once), never lost.
      open = true;
      await client.query('BEGIN; SET LOCAL synchronous_commit = off');
      if (results.length) await client.query({ name: 'callbacks_record', text: RECORD_SQL, values: this.recordParameters(results) });
      const { rows: merchants } = await client.query<{ merchant_id: string }>({
        name: 'callbacks_lock_due_merchants',
        text: LOCK_DUE_MERCHANTS_SQL,
        values: [this.cursor, max],
      });
      let rows: ClaimedRow[] = [];
      if (merchants.length) {
        this.cursor = merchants[merchants.length - 1].merchant_id;
        ({ rows } = await client.query<ClaimedRow>({
          name: 'callbacks_claim_events',
          text: CLAIM_EVENTS_SQL,
          values: [merchants.map((m) => m.merchant_id), max, this.config.callbacks.maxInFlightPerMerchant, this.leaseSeconds],
        }));
      } else {
        this.cursor = NIL_UUID;
      }
      await client.query('COMMIT');
      open = false;
      return rows.map(({ signing_secret, previous_signing_secret, ...row }) => ({
        ...row,
        signing_secrets: [signing_secret, previous_signing_secret].filter((secret): secret is string => !!secret),
      }));
    } catch (error) {
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Sends one claimed event (no database work); `record` stores what came of it. */
  async attempt(event: ClaimedEvent): Promise<AttemptResult> {
    if (!event.url) return { event };
    if (!event.signing_secrets.length) throw new Error(`No callback credentials for merchant ${event.merchant_id}`);
    const attemptedAt = new Date();
    const outcome = await this.sender.send(
      { url: event.url, eventId: event.id, body: event.body, callbackToken: event.callback_token, signingSecrets: event.signing_secrets },
      attemptedAt,
    );
    return { event, attempt: { attemptedAt, url: event.url, outcome } };
  }

  /** Logs the attempts and schedules the next attempt or closes each event, in one statement. */
  async record(results: AttemptResult[]): Promise<void> {
    if (results.length) await this.dataSource.query(RECORD_SQL, this.recordParameters(results));
  }

  /** RECORD_SQL's parameters: one array per column. */
  private recordParameters(results: AttemptResult[]): unknown[][] {
    const rows = results.map(({ event, attempt }) => {
      if (!attempt) return [event.id, event.lease_id, 'no_url', event.attempt_count, 0, null, null, null, null, null, null, null];
      const { outcome } = attempt;
      const attemptsMade = event.attempt_count + 1;
      const retryInMs = outcome.delivered ? undefined : nextAttemptDelayMs(this.config.callbacks.retryScheduleSeconds, attemptsMade);
      const status = outcome.delivered ? 'delivered' : retryInMs === undefined ? 'failed' : 'pending';
      return [
        event.id,
        event.lease_id,
        status,
        attemptsMade,
        (retryInMs ?? 0) / 1000,
        attempt.attemptedAt,
        attempt.url,
        outcome.statusCode,
        outcome.latencyMs,
        outcome.error,
        outcome.responseSnippet,
        outcome.delivered,
      ];
    });
    return rows[0].map((_, column) => rows.map((row) => row[column]));
  }

  /** One attempt, recorded at once (resends from tools and tests; the worker batches). */
  async deliver(event: ClaimedEvent): Promise<void> {
    await this.record([await this.attempt(event)]);
  }
}

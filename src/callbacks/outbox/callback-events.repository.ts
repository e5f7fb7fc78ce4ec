import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { ENVIRONMENTS, type Environment, type MerchantScope } from '../../common/environment';
import type { Page } from '../../common/pagination';
import { pageNewestFirst } from '../../database/paginate';
import { Columns, Sql } from '../../database/sql';

export type CallbackStatus = 'pending' | 'delivered' | 'failed' | 'no_url';

/** An event as the API shows it; the delivery worker's lease columns are callback-deliveries.repository's. */
export interface CallbackEventRow {
  id: string;
  merchant_id: string;
  environment: Environment;
  event_type: string;
  resource_id: string | null;
  body: string;
  status: CallbackStatus;
  created_at: Date;
  delivered_at: Date | null;
  next_attempt_at: Date | null;
}

const CALLBACK_EVENT_COLUMNS = Columns.of<CallbackEventRow>()(
  'id',
  'merchant_id',
  'environment',
  'event_type',
  'resource_id',
  'body',
  'status',
  'created_at',
  'delivered_at',
  'next_attempt_at',
);

export interface CallbackAttemptRow {
  event_id: string;
  attempted_at: Date;
  url: string;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_snippet: string | null;
}

const CALLBACK_ATTEMPT_COLUMNS = Columns.of<CallbackAttemptRow>()(
  'event_id',
  'attempted_at',
  'url',
  'status_code',
  'latency_ms',
  'error',
  'response_snippet',
);

export interface NewCallbackEvent {
  id: string;
  merchant_id: string;
  environment: Environment;
  event_type: string;
  resource_id: string;
  body: string;
}

/** The delivery backlog: events waiting to be sent, and how long the oldest due one has waited. */
export interface CallbackBacklogRow {
  /** Every pending event: due now, in flight or waiting for its next retry. */
  pending: number;
  /** Pending and due now (not leased by a worker). */
  due_now: number;
  /** Pending after at least one failed attempt. */
  retrying: number;
  /** Leased by a delivery worker right now. */
  in_flight: number;
  /** When the oldest event due now became due; null when none is due. */
  oldest_due_at: Date | null;
  /** Given up (the retry schedule ran out) and created since the period's start. */
  failed: number;
}

/** Undelivered events grouped by the merchant's endpoint (the URL of each event's last attempt). */
export interface FailingEndpointRow {
  merchant_id: string;
  environment: Environment;
  url: string;
  failed: number;
  retrying: number;
  /** The oldest undelivered event of the endpoint. */
  oldest_event_at: Date;
  /** The earliest next retry of its retrying events; null when all have failed. */
  next_retry_at: Date | null;
  last_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
}

/** How many of a merchant's newest events (per environment) its last delivery attempt is looked for in. */
const RECENT_EVENTS = 100;

/** One merchant's callbacks in one environment: what is waiting or given up, and the newest attempt. */
export interface MerchantCallbackHealthRow {
  environment: Environment;
  pending: number;
  retrying: number;
  failed: number;
  last_attempt_at: Date | null;
  last_url: string | null;
  last_status_code: number | null;
  last_error: string | null;
  last_delivered: boolean | null;
}

/** Delivery health of one environment as metrics read it. */
export interface CallbackMetricsRow {
  environment: Environment;
  due: number;
  retrying: number;
  oldest_due_at: Date | null;
  failing_endpoints: number;
}

export interface CallbackEventFilter {
  merchantId?: string;
  environment?: Environment;
  status?: CallbackStatus;
  eventType?: string;
  resourceId?: string;
}

/** The outbox (callback_events) and its attempt log (callback_attempts), as the API reads and resends them. */
@Injectable()
export class CallbackEventsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Adds the events, pending where the merchant has a URL for their type and no_url where
   * not; an id already there is left as it is.
   */
  @Transactional(Propagation.Mandatory)
  async add(events: NewCallbackEvent[]): Promise<void> {
    const column = <K extends keyof NewCallbackEvent>(name: K) => events.map((event) => event[name]);
    await this.sql.query(
      `INSERT INTO callback_events (id, merchant_id, environment, event_type, resource_id, body, status, next_attempt_at)
       SELECT e.id, e.merchant_id, e.environment, e.event_type, e.resource_id, e.body,
              CASE WHEN u.url IS NULL THEN 'no_url' ELSE 'pending' END, CASE WHEN u.url IS NULL THEN NULL ELSE now() END
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[])
            AS e(id, merchant_id, environment, event_type, resource_id, body)
       LEFT JOIN callback_urls u
         ON u.merchant_id = e.merchant_id AND u.environment = e.environment AND u.event_type = e.event_type
       ON CONFLICT (id) DO NOTHING`,
      [column('id'), column('merchant_id'), column('environment'), column('event_type'), column('resource_id'), column('body')],
    );
  }

  /** Newest first. */
  page(filter: CallbackEventFilter, page: { limit?: number; cursor?: string }): Promise<Page<CallbackEventRow>> {
    const parameters: unknown[] = [];
    const where: string[] = [];
    const add = (condition: string, value: unknown) => where.push(condition.replace('?', `$${parameters.push(value)}`));
    if (filter.merchantId) add('e.merchant_id = ?', filter.merchantId);
    if (filter.environment) add('e.environment = ?', filter.environment);
    if (filter.status) add('e.status = ?', filter.status);
    if (filter.eventType) add('e.event_type = ?', filter.eventType);
    if (filter.resourceId) add('e.resource_id = ?', filter.resourceId);
    return pageNewestFirst<CallbackEventRow, CallbackEventRow>(
      this.sql,
      { select: `SELECT ${CALLBACK_EVENT_COLUMNS.of('e')} FROM callback_events e`, where, parameters, alias: 'e' },
      page,
      (row) => row,
    );
  }

  /**
   * The backlog across merchants (optionally of one environment). Pending events come off the
   * pending-only index; failed ones are counted since `failedSince`.
   */
  async backlog(environment: Environment | undefined, failedSince: Date): Promise<CallbackBacklogRow> {
    const [pending] = await this.sql.query<Omit<CallbackBacklogRow, 'failed'>>(
      `SELECT count(*)::int AS pending,
              count(*) FILTER (WHERE next_attempt_at <= now())::int AS due_now,
              count(*) FILTER (WHERE attempt_count > 0)::int AS retrying,
              count(*) FILTER (WHERE lease_id IS NOT NULL AND leased_until > now())::int AS in_flight,
              min(next_attempt_at) FILTER (WHERE next_attempt_at <= now()) AS oldest_due_at
       FROM callback_events WHERE status = 'pending' AND ($1::text IS NULL OR environment = $1)`,
      [environment ?? null],
    );
    const [failed] = await this.sql.query<{ failed: number }>(
      `SELECT count(*)::int AS failed FROM callback_events
       WHERE status = 'failed' AND created_at >= $1 AND ($2::text IS NULL OR environment = $2)`,
      [failedSince, environment ?? null],
    );
    return { ...pending, failed: failed.failed };
  }

  /**
   * Endpoints with undelivered events: those retrying, and those failed since `failedSince`,
   * grouped by merchant, environment and the URL of each event's last attempt; the most
   * affected first.
   */
  failingEndpoints(environment: Environment | undefined, failedSince: Date, limit: number): Promise<FailingEndpointRow[]> {
    return this.sql.query<FailingEndpointRow>(
      `WITH troubled AS (
         SELECT e.id, e.merchant_id, e.environment, e.status, e.created_at, e.next_attempt_at
         FROM callback_events e
         WHERE ((e.status = 'pending' AND e.attempt_count > 0) OR (e.status = 'failed' AND e.created_at >= $1))
           AND ($3::text IS NULL OR e.environment = $3)
       ), last_attempts AS (
         SELECT t.*, a.url, a.status_code, a.error, a.attempted_at
         FROM troubled t
         CROSS JOIN LATERAL (
           SELECT url, status_code, error, attempted_at FROM callback_attempts WHERE event_id = t.id ORDER BY id DESC LIMIT 1
         ) a
       )
       SELECT merchant_id, environment, url,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'pending')::int AS retrying,
              min(created_at) AS oldest_event_at,
              min(next_attempt_at) AS next_retry_at,
              max(attempted_at) AS last_attempt_at,
              (array_agg(status_code ORDER BY attempted_at DESC))[1] AS last_status_code,
              (array_agg(error ORDER BY attempted_at DESC))[1] AS last_error
       FROM last_attempts
       GROUP BY merchant_id, environment, url
       ORDER BY count(*) DESC, max(attempted_at) DESC
       LIMIT $2`,
      [failedSince, limit, environment ?? null],
    );
  }

  /** The event, only if it is the scope's when a scope is given. */
  find(scope: MerchantScope | undefined, id: string): Promise<CallbackEventRow | undefined> {
    const parameters: unknown[] = [id];
    const scoped = scope ? ` AND merchant_id = $${parameters.push(scope.merchantId)} AND environment = $${parameters.push(scope.environment)}` : '';
    return this.sql.one<CallbackEventRow>(`SELECT ${CALLBACK_EVENT_COLUMNS} FROM callback_events WHERE id = $1${scoped}`, parameters);
  }

  /** Due now with a fresh retry schedule, whatever its status and any lease on it. */
  async resetToPending(id: string): Promise<void> {
    await this.sql.query(
      `UPDATE callback_events SET status = 'pending', attempt_count = 0, next_attempt_at = now(), leased_until = NULL, lease_id = NULL
       WHERE id = $1`,
      [id],
    );
  }

  /**
   * One merchant's callbacks per environment, for the operators' view of it: pending
   * (retrying: after a failed attempt) and failed events, from their partial indexes, and
   * the newest attempt among its RECENT_EVENTS newest events (the cost stays bounded
   * however long its history).
   */
  merchantHealth(merchantId: string): Promise<MerchantCallbackHealthRow[]> {
    return this.sql.query<MerchantCallbackHealthRow>(
      `SELECT env.environment, counts.pending, counts.retrying, failed.failed,
              last.attempted_at AS last_attempt_at, last.url AS last_url, last.status_code AS last_status_code,
              last.error AS last_error, last.delivered AS last_delivered
       FROM unnest($2::text[]) AS env(environment)
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempt_count > 0)::int AS retrying
         FROM callback_events WHERE merchant_id = $1 AND environment = env.environment AND status = 'pending'
       ) counts
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS failed FROM callback_events WHERE merchant_id = $1 AND environment = env.environment AND status = 'failed'
       ) failed
       LEFT JOIN LATERAL (
         SELECT a.attempted_at, a.url, a.status_code, a.error, a.delivered
         FROM (SELECT id FROM callback_events WHERE merchant_id = $1 AND environment = env.environment
               ORDER BY created_at DESC, id DESC LIMIT ${RECENT_EVENTS}) recent
         JOIN callback_attempts a ON a.event_id = recent.id
         ORDER BY a.id DESC LIMIT 1
       ) last ON true
       ORDER BY env.environment`,
      [merchantId, [...ENVIRONMENTS]],
    );
  }

  /**
   * Per environment (both, always): pending events due now and retrying, the oldest due one
   * (from the pending-only index), and the distinct URLs now configured for events retrying
   * or failed since `failedSince` (those from their partial indexes, without reading attempts).
   */
  metricsByEnvironment(failedSince: Date): Promise<CallbackMetricsRow[]> {
    return this.sql.query<CallbackMetricsRow>(
      `WITH pending AS (
         SELECT environment,
                count(*) FILTER (WHERE next_attempt_at <= now())::int AS due,
                count(*) FILTER (WHERE attempt_count > 0)::int AS retrying,
                min(next_attempt_at) FILTER (WHERE next_attempt_at <= now()) AS oldest_due_at
         FROM callback_events WHERE status = 'pending' GROUP BY environment
       ), troubled AS (
         SELECT merchant_id, environment, event_type FROM callback_events WHERE status = 'pending' AND attempt_count > 0
         UNION ALL
         SELECT merchant_id, environment, event_type FROM callback_events WHERE status = 'failed' AND created_at >= $1
       ), endpoints AS (
         SELECT t.environment, count(DISTINCT (t.merchant_id, u.url))::int AS failing_endpoints
         FROM troubled t
         JOIN callback_urls u ON u.merchant_id = t.merchant_id AND u.environment = t.environment AND u.event_type = t.event_type
         GROUP BY t.environment
       )
       SELECT env.environment, coalesce(p.due, 0) AS due, coalesce(p.retrying, 0) AS retrying, p.oldest_due_at,
              coalesce(e.failing_endpoints, 0) AS failing_endpoints
       FROM unnest($2::text[]) AS env(environment)
       LEFT JOIN pending p ON p.environment = env.environment
       LEFT JOIN endpoints e ON e.environment = env.environment
       ORDER BY env.environment`,
      [failedSince, [...ENVIRONMENTS]],
    );
  }

  /** The events' attempts, in the order they were made. */
  attemptsOf(eventIds: string[]): Promise<CallbackAttemptRow[]> {
    return this.sql.query<CallbackAttemptRow>(
      `SELECT ${CALLBACK_ATTEMPT_COLUMNS} FROM callback_attempts WHERE event_id = ANY($1) ORDER BY id`,
      [eventIds],
    );
  }
}

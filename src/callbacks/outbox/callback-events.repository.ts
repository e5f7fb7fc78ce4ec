import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { Environment, MerchantScope } from '../../common/environment';
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

  /** The events' attempts, in the order they were made. */
  attemptsOf(eventIds: string[]): Promise<CallbackAttemptRow[]> {
    return this.sql.query<CallbackAttemptRow>(
      `SELECT ${CALLBACK_ATTEMPT_COLUMNS} FROM callback_attempts WHERE event_id = ANY($1) ORDER BY id`,
      [eventIds],
    );
  }
}

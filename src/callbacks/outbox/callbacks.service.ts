import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../../common/pagination';
import { CallbackEventType } from '../callback-event-types';
import { CallbackSender, DeliveryOutcome } from '../delivery/callback-sender';
import { CallbackSettingsService } from '../settings/callback-settings.service';
import { queryRows } from '../../database/query-rows';

export type CallbackStatus = 'pending' | 'delivered' | 'failed' | 'no_url';

export interface CallbackAttemptView {
  attempted_at: string;
  url: string;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_snippet: string | null;
}

export interface CallbackEventView {
  id: string;
  event: string;
  resource_id: string | null;
  status: CallbackStatus;
  created: string;
  delivered: string | null;
  next_attempt: string | null;
  payload: unknown;
  attempts: CallbackAttemptView[];
}

export interface CallbackFilter {
  status?: CallbackStatus;
  event?: string;
  resource_id?: string;
  limit?: number;
  cursor?: string;
}

interface EventRow {
  id: string;
  merchant_id: string;
  environment: string;
  event_type: string;
  resource_id: string | null;
  body: string;
  status: CallbackStatus;
  created_at: Date;
  delivered_at: Date | null;
  next_attempt_at: Date | null;
}

/** Stable per business event: emitting the same event again is a no-op. */
export function callbackEventId(scope: MerchantScope, type: string, key: string): string {
  return `evt_${createHash('sha256').update(`${scope.merchantId}:${scope.environment}:${type}:${key}`).digest('hex').slice(0, 32)}`;
}

/**
 * The transactional outbox of events to merchants. `emit` writes the event in the
 * caller's transaction, so it exists if and only if the state change it reports
 * committed; the delivery worker sends it afterwards.
 */
@Injectable()
export class CallbacksService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly settings: CallbackSettingsService,
    private readonly sender: CallbackSender,
  ) {}

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.txHost.tx, sql, parameters);
  }

  /**
   * Records an event for the merchant. `key` names the business event (e.g. the payment
   * id), `data` is the resource as the API shows it. Without a URL for the event type
   * the event is kept as `no_url` and can be resent once one is configured.
   */
  async emit(scope: MerchantScope, type: CallbackEventType, key: string, resourceId: string, data: object): Promise<string> {
    await this.emitMany([{ scope, type, key, resourceId, data }]);
    return callbackEventId(scope, type, key);
  }

  /** emit() for many events in one statement (settlement batches). */
  async emitMany(events: { scope: MerchantScope; type: CallbackEventType; key: string; resourceId: string; data: object }[]): Promise<void> {
    if (!events.length) return;
    const columns = events.map((e) => {
      const id = callbackEventId(e.scope, e.type, e.key);
      return [id, e.scope.merchantId, e.scope.environment, e.type, e.resourceId, eventBody(id, e.type, e.scope, e.data)];
    });
    const column = (i: number) => columns.map((row) => row[i]);
    await this.query(
      `INSERT INTO callback_events (id, merchant_id, environment, event_type, resource_id, body, status, next_attempt_at)
       SELECT e.id, e.merchant_id, e.environment, e.event_type, e.resource_id, e.body,
              CASE WHEN u.url IS NULL THEN 'no_url' ELSE 'pending' END, CASE WHEN u.url IS NULL THEN NULL ELSE now() END
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[])
            AS e(id, merchant_id, environment, event_type, resource_id, body)
       LEFT JOIN callback_urls u
         ON u.merchant_id = e.merchant_id AND u.environment = e.environment AND u.event_type = e.event_type
       ON CONFLICT (id) DO NOTHING`,
      [column(0), column(1), column(2), column(3), column(4), column(5)],
    );
  }

  async list(scope: Partial<MerchantScope>, filter: CallbackFilter): Promise<Page<CallbackEventView>> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(filter.cursor, 2);
    const parameters: unknown[] = [];
    const conditions: string[] = [];
    const add = (sql: string, value: unknown) => conditions.push(sql.replace('?', `$${parameters.push(value)}`));
    if (scope.merchantId) add('merchant_id = ?', scope.merchantId);
    if (scope.environment) add('environment = ?', scope.environment);
    if (filter.status) add('status = ?', filter.status);
    if (filter.event) add('event_type = ?', filter.event);
    if (filter.resource_id) add('resource_id = ?', filter.resource_id);
    if (after) {
      parameters.push(after[0], after[1]);
      conditions.push(`(created_at, id) < ($${parameters.length - 1}, $${parameters.length})`);
    }
    const rows = await this.query<EventRow>(
      `SELECT * FROM callback_events ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}`,
      parameters,
    );
    const attempts = await this.attemptsOf(rows.slice(0, limit).map((r) => r.id));
    return toPage(rows, limit, (row) => view(row, attempts.get(row.id) ?? []), (row) => [row.created_at.toISOString(), row.id]);
  }

  async get(scope: MerchantScope | undefined, id: string): Promise<CallbackEventView> {
    const row = await this.findEvent(scope, id);
    return view(row, (await this.attemptsOf([id])).get(id) ?? []);
  }

  /** Delivers the event again from now on, with a fresh retry schedule. */
  async resend(scope: MerchantScope | undefined, id: string): Promise<CallbackEventView> {
    const row = await this.findEvent(scope, id);
    if ((await this.settings.urlFor({ merchantId: row.merchant_id, environment: row.environment as MerchantScope['environment'] }, row.event_type)) === undefined) {
      throw new DomainError('CALLBACK_URL_NOT_CONFIGURED_ERROR', `No callback URL is configured for ${row.event_type}; set one first`);
    }
    await this.query(
      `UPDATE callback_events SET status = 'pending', attempt_count = 0, next_attempt_at = now(), leased_until = NULL, lease_id = NULL
       WHERE id = $1`,
      [id],
    );
    return this.get(scope, id);
  }

  /** Sends a signed test event to the URL configured for `type`, now, and reports the answer. */
  async sendTest(scope: MerchantScope, type: CallbackEventType): Promise<DeliveryOutcome & { url: string; event_id: string }> {
    const url = await this.settings.urlFor(scope, type);
    if (!url) throw new DomainError('CALLBACK_URL_NOT_CONFIGURED_ERROR', `No callback URL is configured for ${type}`);
    const credentials = await this.settings.credentials(scope.merchantId);
    const eventId = callbackEventId(scope, 'callback.test', `${Date.now()}:${Math.random()}`);
    const body = eventBody(eventId, 'callback.test', scope, { event_type: type, message: 'Test callback from Palladium' });
    const outcome = await this.sender.send({
      url,
      eventId,
      body,
      callbackToken: credentials.callback_token,
      signingSecrets: this.settings.signingSecretsOf(credentials),
    });
    return { url, event_id: eventId, ...outcome };
  }

  private async findEvent(scope: MerchantScope | undefined, id: string): Promise<EventRow> {
    const parameters: unknown[] = [id];
    const scoped = scope ? ` AND merchant_id = $${parameters.push(scope.merchantId)} AND environment = $${parameters.push(scope.environment)}` : '';
    const [row] = await this.query<EventRow>(`SELECT * FROM callback_events WHERE id = $1${scoped}`, parameters);
    if (!row) throw new DomainError('CALLBACK_NOT_FOUND_ERROR', `No callback event with id ${id}`);
    return row;
  }

  private async attemptsOf(eventIds: string[]): Promise<Map<string, CallbackAttemptView[]>> {
    const byEvent = new Map<string, CallbackAttemptView[]>();
    if (!eventIds.length) return byEvent;
    const rows = await this.query<{ event_id: string; attempted_at: Date } & Omit<CallbackAttemptView, 'attempted_at'>>(
      `SELECT event_id, attempted_at, url, status_code, latency_ms, error, response_snippet
       FROM callback_attempts WHERE event_id = ANY($1) ORDER BY id`,
      [eventIds],
    );
    for (const { event_id, attempted_at, ...attempt } of rows) {
      byEvent.set(event_id, [...(byEvent.get(event_id) ?? []), { attempted_at: attempted_at.toISOString(), ...attempt }]);
    }
    return byEvent;
  }
}

/** The JSON every callback carries: event id, type, time, environment and the resource. */
function eventBody(id: string, type: string, scope: MerchantScope, data: object): string {
  return JSON.stringify({ id, event: type, created: new Date().toISOString(), environment: scope.environment, data });
}

function view(row: EventRow, attempts: CallbackAttemptView[]): CallbackEventView {
  return {
    id: row.id,
    event: row.event_type,
    resource_id: row.resource_id,
    status: row.status,
    created: row.created_at.toISOString(),
    delivered: row.delivered_at?.toISOString() ?? null,
    next_attempt: row.next_attempt_at?.toISOString() ?? null,
    payload: JSON.parse(row.body),
    attempts,
  };
}

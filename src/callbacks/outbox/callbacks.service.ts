import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Environment, MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import type { Page } from '../../common/pagination';
import { CallbackEventType } from '../callback-event-types';
import { CallbackSender, DeliveryOutcome } from '../delivery/callback-sender';
import { CallbackSettingsService } from '../settings/callback-settings.service';
import { CallbackEventRow, CallbackEventsRepository, CallbackMetricsRow, CallbackStatus, FailingEndpointRow } from './callback-events.repository';

export type { CallbackMetricsRow, CallbackStatus } from './callback-events.repository';

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

/** An event as operators see it across merchants: whose it is, too. */
export interface AdminCallbackEventView extends CallbackEventView {
  merchant_id: string;
  environment: Environment;
}

/** Callback delivery health across merchants, for operators. */
export interface CallbackHealthView {
  generated_at: string;
  /** Failed events count from here (the period's start). */
  failed_since: string;
  backlog: {
    pending: number;
    due_now: number;
    retrying: number;
    in_flight: number;
    oldest_due_at: string | null;
    failed: number;
  };
  failing_endpoints: {
    merchant_id: string;
    environment: Environment;
    url: string;
    failed: number;
    retrying: number;
    oldest_event_at: string;
    next_retry_at: string | null;
    last_attempt_at: string;
    last_status_code: number | null;
    last_error: string | null;
  }[];
}

/** At most this many failing endpoints are listed, the most affected first. */
const FAILING_ENDPOINTS_LIMIT = 100;

/** One merchant's callbacks in one environment, for operators. */
export interface MerchantCallbackHealthView {
  /** Waiting to be sent: due, in flight or waiting for a retry. */
  pending: number;
  /** Pending after at least one failed attempt. */
  retrying: number;
  /** Given up: the retry schedule ran out (resend them once the endpoint works). */
  failed: number;
  /** The newest delivery attempt among its newest events; null when none was attempted. */
  last_attempt: { attempted_at: string; url: string; status_code: number | null; error: string | null; delivered: boolean } | null;
}

export interface CallbackFilter {
  status?: CallbackStatus;
  event?: string;
  resource_id?: string;
  limit?: number;
  cursor?: string;
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
    private readonly events: CallbackEventsRepository,
    private readonly settings: CallbackSettingsService,
    private readonly sender: CallbackSender,
  ) {}

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
    await this.events.add(
      events.map((e) => {
        const id = callbackEventId(e.scope, e.type, e.key);
        return {
          id,
          merchant_id: e.scope.merchantId,
          environment: e.scope.environment,
          event_type: e.type,
          resource_id: e.resourceId,
          body: eventBody(id, e.type, e.scope, e.data),
        };
      }),
    );
  }

  async list(scope: Partial<MerchantScope>, filter: CallbackFilter): Promise<Page<CallbackEventView>> {
    const { page, attempts } = await this.pageWithAttempts(scope, filter);
    return { ...page, data: page.data.map((row) => view(row, attempts.get(row.id) ?? [])) };
  }

  /** Events of every merchant (or of one), each with whose it is: for operators. */
  async listForOperators(scope: Partial<MerchantScope>, filter: CallbackFilter): Promise<Page<AdminCallbackEventView>> {
    const { page, attempts } = await this.pageWithAttempts(scope, filter);
    return {
      ...page,
      data: page.data.map((row) => ({ ...view(row, attempts.get(row.id) ?? []), merchant_id: row.merchant_id, environment: row.environment })),
    };
  }

  /**
   * Delivery health across merchants (or one environment): the backlog waiting to be sent,
   * and the endpoints whose events are retrying or failed since `failedSince`.
   */
  async health(environment: Environment | undefined, failedSince: Date): Promise<CallbackHealthView> {
    const backlog = await this.events.backlog(environment, failedSince);
    const endpoints = await this.events.failingEndpoints(environment, failedSince, FAILING_ENDPOINTS_LIMIT);
    return {
      generated_at: new Date().toISOString(),
      failed_since: failedSince.toISOString(),
      backlog: { ...backlog, oldest_due_at: backlog.oldest_due_at?.toISOString() ?? null },
      failing_endpoints: endpoints.map(endpointView),
    };
  }

  /** Per environment, for metrics: events due and retrying, the oldest due, and endpoints failing (retrying, or failed since `failedSince`). */
  deliveryMetrics(failedSince: Date): Promise<CallbackMetricsRow[]> {
    return this.events.metricsByEnvironment(failedSince);
  }

  /** One merchant's callbacks in each environment: what waits or was given up, and its newest delivery attempt. */
  async merchantHealth(merchantId: string): Promise<Record<Environment, MerchantCallbackHealthView>> {
    const rows = await this.events.merchantHealth(merchantId);
    const of = (environment: Environment): MerchantCallbackHealthView => {
      const row = rows.find((r) => r.environment === environment)!;
      return {
        pending: row.pending,
        retrying: row.retrying,
        failed: row.failed,
        last_attempt: row.last_attempt_at
          ? { attempted_at: row.last_attempt_at.toISOString(), url: row.last_url!, status_code: row.last_status_code, error: row.last_error, delivered: row.last_delivered! }
          : null,
      };
    };
    return { development: of('development'), production: of('production') };
  }

  async get(scope: MerchantScope | undefined, id: string): Promise<CallbackEventView> {
    const row = await this.findEvent(scope, id);
    return view(row, (await this.attemptsOf([id])).get(id) ?? []);
  }

  /** Delivers the event again from now on, with a fresh retry schedule. */
  async resend(scope: MerchantScope | undefined, id: string): Promise<CallbackEventView> {
    const row = await this.findEvent(scope, id);
    if ((await this.settings.urlFor({ merchantId: row.merchant_id, environment: row.environment }, row.event_type)) === undefined) {
      throw new DomainError('CALLBACK_URL_NOT_CONFIGURED_ERROR', `No callback URL is configured for ${row.event_type}; set one first`);
    }
    await this.events.resetToPending(id);
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

  private async findEvent(scope: MerchantScope | undefined, id: string): Promise<CallbackEventRow> {
    const row = await this.events.find(scope, id);
    if (!row) throw new DomainError('CALLBACK_NOT_FOUND_ERROR', `No callback event with id ${id}`);
    return row;
  }

  private async pageWithAttempts(scope: Partial<MerchantScope>, filter: CallbackFilter) {
    const page = await this.events.page(
      {
        merchantId: scope.merchantId,
        environment: scope.environment,
        status: filter.status,
        eventType: filter.event,
        resourceId: filter.resource_id,
      },
      filter,
    );
    return { page, attempts: await this.attemptsOf(page.data.map((row) => row.id)) };
  }

  private async attemptsOf(eventIds: string[]): Promise<Map<string, CallbackAttemptView[]>> {
    const byEvent = new Map<string, CallbackAttemptView[]>();
    if (!eventIds.length) return byEvent;
    for (const { event_id, attempted_at, ...attempt } of await this.events.attemptsOf(eventIds)) {
      byEvent.set(event_id, [...(byEvent.get(event_id) ?? []), { attempted_at: attempted_at.toISOString(), ...attempt }]);
    }
    return byEvent;
  }
}

/** The JSON every callback carries: event id, type, time, environment and the resource. */
function eventBody(id: string, type: string, scope: MerchantScope, data: object): string {
  return JSON.stringify({ id, event: type, created: new Date().toISOString(), environment: scope.environment, data });
}

function view(row: CallbackEventRow, attempts: CallbackAttemptView[]): CallbackEventView {
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

function endpointView(row: FailingEndpointRow): CallbackHealthView['failing_endpoints'][number] {
  return {
    merchant_id: row.merchant_id,
    environment: row.environment,
    url: row.url,
    failed: row.failed,
    retrying: row.retrying,
    oldest_event_at: row.oldest_event_at.toISOString(),
    next_retry_at: row.next_retry_at?.toISOString() ?? null,
    last_attempt_at: row.last_attempt_at.toISOString(),
    last_status_code: row.last_status_code,
    last_error: row.last_error,
  };
}

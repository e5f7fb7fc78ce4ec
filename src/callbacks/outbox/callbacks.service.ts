import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import type { Page } from '../../common/pagination';
import { CallbackEventType } from '../callback-event-types';
import { CallbackSender, DeliveryOutcome } from '../delivery/callback-sender';
import { CallbackSettingsService } from '../settings/callback-settings.service';
import { CallbackEventRow, CallbackEventsRepository, CallbackStatus } from './callback-events.repository';

export type { CallbackStatus } from './callback-events.repository';

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
    const attempts = await this.attemptsOf(page.data.map((row) => row.id));
    return { ...page, data: page.data.map((row) => view(row, attempts.get(row.id) ?? [])) };
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

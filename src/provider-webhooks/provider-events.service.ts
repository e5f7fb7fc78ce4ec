import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { DomainError } from '../common/errors/domain-error';
import type { ReportResult } from '../disbursements/dispatch/payout-dispatcher.service';
import type { ProviderName } from '../domain/provider-ports';
import { ProviderEventOutcome, ProviderEventRow, ProviderEventsRepository } from './provider-events.repository';

export interface InboundEvent {
  provider: ProviderName;
  /** The provider's identity of this event: a second delivery of it changes nothing. */
  eventId: string;
  eventType: string;
  payload: object;
}

/**
 * The inbox of provider webhooks. Each event is stored once (unique provider + event id)
 * in the same transaction as its effect, so a duplicate delivery, or one racing the
 * first, is answered without doing anything again. An effect the domain refuses (a
 * payment on a closed account, a payout reported twice differently) is kept as
 * `conflict` for the operator instead of being lost or retried forever.
 */
@Injectable()
export class ProviderEventsService {
  constructor(private readonly events: ProviderEventsRepository) {}

  @Transactional()
  async receive(event: InboundEvent, handle: () => Promise<ReportResult>): Promise<{ duplicate: boolean; outcome: ProviderEventOutcome }> {
    const id = await this.events.insertOnce(event);
    if (id === undefined) return { duplicate: true, outcome: await this.events.outcomeOf(event.provider, event.eventId) };
    let result: ReportResult;
    try {
      result = await this.applyEffect(handle);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      result = { result: 'conflict', detail: `${error.code}: ${error.message}` };
    }
    await this.events.recordOutcome(id, result);
    return { duplicate: false, outcome: result.result };
  }

  /** Events that changed nothing because they did not fit our records: for reconciliation. */
  needingAttention(since: Date, limit = 500): Promise<ProviderEventRow[]> {
    return this.events.needingAttention(since, limit);
  }

  /** In a savepoint: a refused effect is undone, the event itself is kept. */
  @Transactional(Propagation.Nested)
  private applyEffect(handle: () => Promise<ReportResult>): Promise<ReportResult> {
    return handle();
  }
}

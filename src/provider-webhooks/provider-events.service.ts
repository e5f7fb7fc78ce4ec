import { Injectable } from '@nestjs/common';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DomainError } from '../common/errors/domain-error';
import { queryRows } from '../database/query-rows';
import type { ReportResult } from '../disbursements/dispatch/payout-dispatcher.service';
import type { UpstreamProvider } from '../providers/payout-provider.port';

export interface InboundEvent {
  provider: UpstreamProvider;
  /** The provider's identity of this event: a second delivery of it changes nothing. */
  eventId: string;
  eventType: string;
  payload: object;
}

export interface ProviderEventRow {
  id: number;
  provider: UpstreamProvider;
  event_id: string;
  event_type: string;
  outcome: ReportResult['result'];
  detail: string | null;
  received_at: Date;
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
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.txHost.tx, sql, parameters);
  }

  @Transactional()
  async receive(event: InboundEvent, handle: () => Promise<ReportResult>): Promise<{ duplicate: boolean; outcome: ReportResult['result'] }> {
    const [stored] = await this.query<{ id: number }>(
      `INSERT INTO provider_events (provider, event_id, event_type, payload, outcome)
       VALUES ($1, $2, $3, $4, 'noted') ON CONFLICT (provider, event_id) DO NOTHING RETURNING id`,
      [event.provider, event.eventId, event.eventType, JSON.stringify(event.payload)],
    );
    if (!stored) {
      const [first] = await this.query<{ outcome: ReportResult['result'] }>('SELECT outcome FROM provider_events WHERE provider = $1 AND event_id = $2', [
        event.provider,
        event.eventId,
      ]);
      return { duplicate: true, outcome: first.outcome };
    }
    let result: ReportResult;
    try {
      // A savepoint: a refused effect is undone, the event itself is kept.
      result = await this.txHost.withTransaction(Propagation.Nested, handle);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      result = { result: 'conflict', detail: `${error.code}: ${error.message}` };
    }
    await this.query('UPDATE provider_events SET outcome = $2, detail = $3 WHERE id = $1', [stored.id, result.result, result.detail]);
    return { duplicate: false, outcome: result.result };
  }

  /** Events that changed nothing because they did not fit our records: for reconciliation. */
  needingAttention(since: Date, limit = 500): Promise<ProviderEventRow[]> {
    return this.query<ProviderEventRow>(
      `SELECT id, provider, event_id, event_type, outcome, detail, received_at FROM provider_events
       WHERE outcome IN ('unmatched', 'conflict') AND received_at >= $1 ORDER BY received_at LIMIT $2`,
      [since, limit],
    );
  }
}

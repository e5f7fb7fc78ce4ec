import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { Columns, Sql } from '../database/sql';
import type { ReportResult } from '../disbursements/dispatch/payout-dispatcher.service';
import type { ProviderName } from '../domain/provider-ports';

export type ProviderEventOutcome = ReportResult['result'];

/** A stored provider event without its payload. */
export interface ProviderEventRow {
  id: number;
  provider: ProviderName;
  event_id: string;
  event_type: string;
  outcome: ProviderEventOutcome;
  detail: string | null;
  received_at: Date;
}

export const PROVIDER_EVENT_COLUMNS = Columns.of<ProviderEventRow>()('id', 'provider', 'event_id', 'event_type', 'outcome', 'detail', 'received_at');

/** The provider_events table: the inbox of provider webhooks, one row per provider event. */
@Injectable()
export class ProviderEventsRepository {
  constructor(private readonly sql: Sql) {}

  /** Stores the event as `noted`; its id, or undefined when the provider's event id is already stored. */
  @Transactional(Propagation.Mandatory)
  async insertOnce(event: { provider: ProviderName; eventId: string; eventType: string; payload: object }): Promise<number | undefined> {
    const stored = await this.sql.one<{ id: number }>(
      `INSERT INTO provider_events (provider, event_id, event_type, payload, outcome)
       VALUES ($1, $2, $3, $4, 'noted') ON CONFLICT (provider, event_id) DO NOTHING RETURNING id`,
      [event.provider, event.eventId, event.eventType, JSON.stringify(event.payload)],
    );
    return stored?.id;
  }

  async outcomeOf(provider: ProviderName, eventId: string): Promise<ProviderEventOutcome> {
    const row = await this.sql.one<{ outcome: ProviderEventOutcome }>('SELECT outcome FROM provider_events WHERE provider = $1 AND event_id = $2', [
      provider,
      eventId,
    ]);
    return row!.outcome;
  }

  @Transactional(Propagation.Mandatory)
  async recordOutcome(id: number, result: ReportResult): Promise<void> {
    await this.sql.query('UPDATE provider_events SET outcome = $2, detail = $3 WHERE id = $1', [id, result.result, result.detail]);
  }

  /** Events that did not fit our records (`unmatched`, `conflict`) received since `since`, oldest first. */
  needingAttention(since: Date, limit: number): Promise<ProviderEventRow[]> {
    return this.sql.query<ProviderEventRow>(
      `SELECT ${PROVIDER_EVENT_COLUMNS} FROM provider_events
       WHERE outcome IN ('unmatched', 'conflict') AND received_at >= $1 ORDER BY received_at LIMIT $2`,
      [since, limit],
    );
  }
}

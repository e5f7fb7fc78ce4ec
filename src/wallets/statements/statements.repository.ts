import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql';
import type { TransferCode, TransferKind } from '../ledger/ledger.types';

/** One ledger entry with its transfer; the balances (recorded when the entry was written) as text, exact past 2^53. */
export interface StatementEntryRow {
  seq: number;
  id: string;
  created: string;
  code: TransferCode;
  reference: string;
  kind: TransferKind;
  direction: 'credit' | 'debit';
  amount: number;
  balance_change: number;
  running_balance: string;
  pending_balance: string;
}

const ENTRY_SELECT = `
  SELECT e.seq, e.transfer_id AS id, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created,
         t.code, t.reference, t.kind, e.direction, t.amount,
         e.available_delta AS balance_change, e.available_balance::text AS running_balance, e.pending_balance::text AS pending_balance
  FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id`;

/** Which of a wallet's entries: of a period, of one kind of movement. */
export interface StatementFilter {
  from?: Date;
  to?: Date;
  code?: TransferCode;
}

/** `desc`: newest first (the default); `asc`: oldest first. */
export type StatementOrder = 'desc' | 'asc';

/** A top-up a movement belongs to, with the merchant's transfer reference. */
export interface TopUpReferenceRow {
  id: string;
  transfer_reference: string;
}

/** A wallet's journal as statements read it. */
@Injectable()
export class StatementsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Up to `limit` entries of an account in `order` of seq: those the filter takes, after
   * `afterSeq` (in that order) when given.
   */
  entries(accountId: string, filter: StatementFilter & { afterSeq?: number }, order: StatementOrder, limit: number): Promise<StatementEntryRow[]> {
    const parameters: unknown[] = [accountId];
    const conditions = ['e.account_id = $1'];
    if (filter.from) conditions.push(`e.created_at >= $${parameters.push(filter.from)}`);
    if (filter.to) conditions.push(`e.created_at < $${parameters.push(filter.to)}`);
    if (filter.code) conditions.push(`t.code = $${parameters.push(filter.code)}`);
    if (filter.afterSeq !== undefined) conditions.push(`e.seq ${order === 'asc' ? '>' : '<'} $${parameters.push(filter.afterSeq)}`);
    return this.sql.query<StatementEntryRow>(
      `${ENTRY_SELECT} WHERE ${conditions.join(' AND ')} ORDER BY e.seq ${order === 'asc' ? 'ASC' : 'DESC'} LIMIT $${parameters.push(limit)}`,
      parameters,
    );
  }

  /** The top-ups of these ids that exist, with their transfer references. */
  topUpReferences(ids: string[]): Promise<TopUpReferenceRow[]> {
    return this.sql.query<TopUpReferenceRow>('SELECT id, transfer_reference FROM top_ups WHERE id = ANY($1)', [ids]);
  }
}

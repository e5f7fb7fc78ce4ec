import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { MerchantScope } from '../../common/environment';
import { JsonInteger, toJsonInteger } from '../../common/json-integer';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../../common/pagination';
import { walletAccount } from '../ledger/account-codes';
import { LedgerService } from '../ledger/ledger.service';
import type { TransferCode, WalletKind } from '../ledger/ledger.types';
import { statementPeriod } from './statement-period';
import { StatementEntryRow, StatementFilter, StatementsRepository } from './statements.repository';

export interface StatementQuery {
  wallet: WalletKind;
  from?: string;
  to?: string;
  code?: TransferCode;
  limit?: number;
  cursor?: string;
}

export type StatementRow = Omit<StatementEntryRow, 'running_balance' | 'pending_balance'> & {
  running_balance: JsonInteger;
  pending_balance: JsonInteger;
};

export const STATEMENT_COLUMNS: (keyof StatementRow)[] = [
  'seq',
  'created',
  'id',
  'code',
  'reference',
  'kind',
  'direction',
  'amount',
  'balance_change',
  'running_balance',
  'pending_balance',
];

/** Entries read per statement of a CSV export: memory stays flat however long the period. */
const CSV_BATCH = 1_000;

/** Wallet statements: every movement, newest first, with the running balance after it. */
@Injectable()
export class StatementsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly statements: StatementsRepository,
  ) {}

  async page(scope: MerchantScope, query: StatementQuery): Promise<Page<StatementRow>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 1);
    const { accountId, filter } = await this.statementOf(scope, query);
    const rows = await this.statements.entries(accountId, { ...filter, beforeSeq: after ? Number(after[0]) : undefined }, limit + 1);
    return toPage(
      rows,
      limit,
      (row) => ({ ...row, running_balance: toJsonInteger(BigInt(row.running_balance)), pending_balance: toJsonInteger(BigInt(row.pending_balance)) }),
      (row) => [row.seq],
    );
  }

  /**
   * Validates the query, then returns a writer that streams the whole period as CSV, read
   * in keyset batches (by seq: entries are never changed, and later ones only get higher seqs).
   */
  async csv(scope: MerchantScope, query: StatementQuery): Promise<(output: Writable) => Promise<void>> {
    const { accountId, filter } = await this.statementOf(scope, query);
    return (output) => pipeline(Readable.from(this.csvRecords(accountId, filter)), stringify({ header: true, columns: STATEMENT_COLUMNS }), output);
  }

  private async *csvRecords(accountId: string, filter: StatementFilter): AsyncGenerator<unknown[]> {
    let beforeSeq: number | undefined;
    for (;;) {
      const rows = await this.statements.entries(accountId, { ...filter, beforeSeq }, CSV_BATCH);
      for (const row of rows) yield STATEMENT_COLUMNS.map((column) => row[column]);
      if (rows.length < CSV_BATCH) return;
      beforeSeq = rows[rows.length - 1].seq;
    }
  }

  private async statementOf(scope: MerchantScope, query: StatementQuery): Promise<{ accountId: string; filter: StatementFilter }> {
    const period = statementPeriod(query.from, query.to);
    const account = await this.ledger.account(walletAccount(scope, query.wallet));
    return { accountId: account.id, filter: { ...period, code: query.code } };
  }
}

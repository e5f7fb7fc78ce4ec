import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import { DataSource } from 'typeorm';
import type { MerchantScope } from '../../common/environment';
import { JsonInteger, toJsonInteger } from '../../common/json-integer';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../../common/pagination';
import { walletAccount } from '../ledger/account-codes';
import { LedgerService } from '../ledger/ledger.service';
import type { TransferCode, TransferKind, WalletKind } from '../ledger/ledger.types';
import { statementPeriod } from './statement-period';

export interface StatementQuery {
  wallet: WalletKind;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export interface StatementRow {
  id: string;
  seq: number;
  created: string;
  code: TransferCode;
  reference: string;
  kind: TransferKind;
  direction: 'credit' | 'debit';
  amount: number;
  balance_change: number;
  running_balance: JsonInteger;
  pending_balance: JsonInteger;
}

/** As selected: the balances as text, exact past 2^53 (the CSV writes them as they are). */
type StatementRecord = Omit<StatementRow, 'running_balance' | 'pending_balance'> & { running_balance: string; pending_balance: string };

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

/** One row per ledger entry; the balances were recorded when the entry was written. */
const ROW_SELECT = `
  SELECT e.seq, e.transfer_id AS id, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created,
         t.code, t.reference, t.kind, e.direction, t.amount,
         e.available_delta AS balance_change, e.available_balance::text AS running_balance, e.pending_balance::text AS pending_balance
  FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id`;

/** Wallet statements: every movement, newest first, with the running balance after it. */
@Injectable()
export class StatementsService {
  constructor(
    private readonly ledger: LedgerService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async page(scope: MerchantScope, query: StatementQuery): Promise<Page<StatementRow>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 1);
    const { sql, parameters } = await this.statementQuery(scope, query, after ? Number(after[0]) : undefined);
    const rows = await this.dataSource.query<StatementRecord[]>(`${sql} LIMIT ${limit + 1}`, parameters);
    return toPage(
      rows,
      limit,
      (row) => ({ ...row, running_balance: toJsonInteger(BigInt(row.running_balance)), pending_balance: toJsonInteger(BigInt(row.pending_balance)) }),
      (row) => [row.seq],
    );
  }

  /**
   * Validates the query, then returns a writer that streams the whole period as CSV
   * through a database cursor: memory stays flat however long the statement is.
   */
  async csv(scope: MerchantScope, query: StatementQuery): Promise<(output: Writable) => Promise<void>> {
    const { sql, parameters } = await this.statementQuery(scope, query);
    return async (output) => {
      const runner = this.dataSource.createQueryRunner();
      try {
        const rows = await runner.stream(sql, parameters);
        const toRecord = new Transform({
          objectMode: true,
          transform: (row: StatementRecord, _encoding, done) => done(null, STATEMENT_COLUMNS.map((column) => row[column])),
        });
        await pipeline(rows, toRecord, stringify({ header: true, columns: STATEMENT_COLUMNS }), output);
      } finally {
        await runner.release();
      }
    };
  }

  private async statementQuery(
    scope: MerchantScope,
    query: StatementQuery,
    beforeSeq?: number,
  ): Promise<{ sql: string; parameters: unknown[] }> {
    const { from, to } = statementPeriod(query.from, query.to);
    const account = await this.ledger.account(walletAccount(scope, query.wallet));
    const parameters: unknown[] = [account.id];
    const conditions = ['e.account_id = $1'];
    if (from) conditions.push(`e.created_at >= $${parameters.push(from)}`);
    if (to) conditions.push(`e.created_at < $${parameters.push(to)}`);
    if (beforeSeq !== undefined) conditions.push(`e.seq < $${parameters.push(beforeSeq)}`);
    return { sql: `${ROW_SELECT} WHERE ${conditions.join(' AND ')} ORDER BY e.seq DESC`, parameters };
  }
}

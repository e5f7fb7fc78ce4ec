import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { MerchantScope } from '../../common/environment';
import { jakartaIso } from '../../common/jakarta-time';
import { JsonInteger, toJsonInteger } from '../../common/json-integer';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../../common/pagination';
import { walletAccount } from '../ledger/account-codes';
import { LedgerService } from '../ledger/ledger.service';
import type { TransferCode, WalletKind } from '../ledger/ledger.types';
import { statementPeriod } from './statement-period';
import { MovementResourceType, StatementResourcesService } from './statement-resources.service';
import type { StatementOrderName } from './statements.dto';
import { StatementEntryRow, StatementFilter, StatementOrder, StatementsRepository } from './statements.repository';

export interface StatementQuery {
  wallet: WalletKind;
  from?: string;
  to?: string;
  code?: TransferCode;
  order?: StatementOrderName;
  limit?: number;
  cursor?: string;
}

export type StatementRow = Omit<StatementEntryRow, 'running_balance' | 'pending_balance'> & {
  resource_type: MovementResourceType | null;
  resource_id: string | null;
  external_id: string | null;
  running_balance: JsonInteger;
  pending_balance: JsonInteger;
};

/**
 * The CSV's columns (the JSON row's fields): the first eleven as they always were, then what
 * the movement is about. Times are Asia/Jakarta with the offset, amounts plain whole rupiah.
 */
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
  'resource_type',
  'resource_id',
  'external_id',
];

/** Entries read per statement of a CSV export: memory stays flat however long the period. */
const CSV_BATCH = 1_000;

const NO_RESOURCE = { resource_type: null, resource_id: null, external_id: null };

/**
 * Wallet statements: every movement, newest (or oldest) first, with the running balance
 * after it and the resource it belongs to (our id and the merchant's external_id).
 */
@Injectable()
export class StatementsService implements OnModuleInit {
  constructor(
    private readonly ledger: LedgerService,
    private readonly statements: StatementsRepository,
    private readonly resources: StatementResourcesService,
  ) {}

  /** Top-ups are this module's own: a top-up and its reversal name the top-up. */
  onModuleInit(): void {
    this.resources.register({
      codes: ['top_up', 'reversal'],
      resourcesOf: async (ids) =>
        new Map(
          (await this.statements.topUpReferences(ids)).map((row) => [
            row.id,
            { resource_type: 'top_up', resource_id: row.id, external_id: row.transfer_reference },
          ]),
        ),
    });
  }

  async page(scope: MerchantScope, query: StatementQuery): Promise<Page<StatementRow>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 1);
    const { accountId, filter, order } = await this.statementOf(scope, query);
    const rows = await this.statements.entries(accountId, { ...filter, afterSeq: after ? Number(after[0]) : undefined }, order, limit + 1);
    const resourceOf = await this.resources.lookup(rows.slice(0, limit));
    return toPage(
      rows,
      limit,
      (row) => ({
        ...row,
        ...(resourceOf(row) ?? NO_RESOURCE),
        running_balance: toJsonInteger(BigInt(row.running_balance)),
        pending_balance: toJsonInteger(BigInt(row.pending_balance)),
      }),
      (row) => [row.seq],
    );
  }

  /**
   * Validates the query, then returns a writer that streams the whole period as CSV, read
   * in keyset batches (by seq: entries are never changed, and later ones only get higher seqs).
   */
  async csv(scope: MerchantScope, query: StatementQuery): Promise<(output: Writable) => Promise<void>> {
    const { accountId, filter, order } = await this.statementOf(scope, query);
    return (output) =>
      pipeline(Readable.from(this.csvRecords(accountId, filter, order)), stringify({ header: true, columns: STATEMENT_COLUMNS }), output);
  }

  private async *csvRecords(accountId: string, filter: StatementFilter, order: StatementOrder): AsyncGenerator<unknown[]> {
    let afterSeq: number | undefined;
    for (;;) {
      const rows = await this.statements.entries(accountId, { ...filter, afterSeq }, order, CSV_BATCH);
      const resourceOf = await this.resources.lookup(rows);
      for (const row of rows) {
        const record: StatementRow = { ...row, ...(resourceOf(row) ?? NO_RESOURCE), created: jakartaIso(new Date(row.created)) };
        yield STATEMENT_COLUMNS.map((column) => record[column]);
      }
      if (rows.length < CSV_BATCH) return;
      afterSeq = rows[rows.length - 1].seq;
    }
  }

  private async statementOf(scope: MerchantScope, query: StatementQuery): Promise<{ accountId: string; filter: StatementFilter; order: StatementOrder }> {
    const period = statementPeriod(query.from, query.to);
    const account = await this.ledger.account(walletAccount(scope, query.wallet));
    return { accountId: account.id, filter: { ...period, code: query.code }, order: query.order === 'oldest_first' ? 'asc' : 'desc' };
  }
}

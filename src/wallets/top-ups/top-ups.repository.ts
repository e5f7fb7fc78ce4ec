import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { Environment, MerchantScope } from '../../common/environment';
import type { Page } from '../../common/pagination';
import { pageNewestFirst } from '../../database/paginate';
import { Columns, Sql } from '../../database/sql';
import type { TopUpStatus } from './top-ups.dto';

/** A merchant's declared bank transfer into its disburse wallet, credited only on approval. */
export interface TopUpRow {
  id: string;
  merchant_id: string;
  environment: Environment;
  amount: number;
  transfer_reference: string;
  status: TopUpStatus;
  decision_reason: string | null;
  decided_at: Date | null;
  created_at: Date;
}

const TOP_UP = Columns.of<TopUpRow>()(
  'id',
  'merchant_id',
  'environment',
  'amount',
  'transfer_reference',
  'status',
  'decision_reason',
  'decided_at',
  'created_at',
);

/** The top_ups table. Writes and locks belong to the deciding use case's transaction. */
@Injectable()
export class TopUpsRepository {
  constructor(private readonly sql: Sql) {}

  /** A new pending top-up; undefined when the merchant already declared that transfer reference. */
  @Transactional(Propagation.Mandatory)
  insertPending(topUp: Pick<TopUpRow, 'id' | 'merchant_id' | 'environment' | 'amount' | 'transfer_reference'>): Promise<TopUpRow | undefined> {
    return this.sql.one<TopUpRow>(
      `INSERT INTO top_ups (id, merchant_id, environment, amount, transfer_reference, status)
       VALUES ($1, $2, $3, $4, $5, 'pending')
       ON CONFLICT (merchant_id, environment, transfer_reference) DO NOTHING
       RETURNING ${TOP_UP}`,
      [topUp.id, topUp.merchant_id, topUp.environment, topUp.amount, topUp.transfer_reference],
    );
  }

  ownedBy(owner: MerchantScope, id: string): Promise<TopUpRow | undefined> {
    return this.sql.one<TopUpRow>(`SELECT ${TOP_UP} FROM top_ups WHERE id = $1 AND merchant_id = $2 AND environment = $3`, [
      id,
      owner.merchantId,
      owner.environment,
    ]);
  }

  /** The top-up, locked until the transaction ends. */
  @Transactional(Propagation.Mandatory)
  lock(id: string): Promise<TopUpRow | undefined> {
    return this.sql.one<TopUpRow>(`SELECT ${TOP_UP} FROM top_ups WHERE id = $1 FOR UPDATE`, [id]);
  }

  @Transactional(Propagation.Mandatory)
  async decide(id: string, status: TopUpStatus, reason: string | null): Promise<TopUpRow> {
    const [decided] = await this.sql.query<TopUpRow>(
      `UPDATE top_ups SET status = $2, decision_reason = $3, decided_at = now() WHERE id = $1 RETURNING ${TOP_UP}`,
      [id, status, reason],
    );
    return decided;
  }

  /** Newest first, of one merchant or all, of one status or any. */
  page<T>(filter: { owner?: MerchantScope; status?: TopUpStatus }, page: { limit?: number; cursor?: string }, toView: (row: TopUpRow) => T): Promise<Page<T>> {
    const where: string[] = [];
    const parameters: unknown[] = [];
    if (filter.owner) {
      parameters.push(filter.owner.merchantId, filter.owner.environment);
      where.push(`t.merchant_id = $${parameters.length - 1} AND t.environment = $${parameters.length}`);
    }
    if (filter.status) where.push(`t.status = $${parameters.push(filter.status)}`);
    return pageNewestFirst(this.sql, { select: `SELECT ${TOP_UP.of('t')} FROM top_ups t`, where, parameters, alias: 't' }, page, toView);
  }
}

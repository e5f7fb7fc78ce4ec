import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { Environment, MerchantScope } from '../common/environment';
import type { ResourceListFilter } from '../common/resource-list-query';
import { listNewestFirst } from '../database/paginate';
import { Columns, Sql } from '../database/sql';
import type { FailureCode } from '../domain/failure-codes';
import type { PayoutStage } from '../domain/payouts';

export type DisbursementStatus = 'pending' | 'done' | 'failed';

/** A payout: a merchant's disbursement, or the payout of a withdrawal (`withdrawal_id`). */
export interface DisbursementRow {
  id: string;
  merchant_id: string;
  environment: Environment;
  external_id: string;
  bank_code: string;
  account_name: string;
  account_number: string;
  description: string;
  amount: number;
  status: DisbursementStatus;
  failure_code: FailureCode | null;
  reservation_id: string;
  batch_id: string | null;
  withdrawal_id: string | null;
  provider: string;
  /** Development only: what the sandbox bank does (encodeOutcome), and when. */
  sandbox_outcome: string | null;
  sandbox_outcome_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
  /** From here on, upstream providers only: their dispatch state (see PayoutDispatcher). */
  provider_reference: string | null;
  provider_stage: PayoutStage | null;
  provider_failover: string[];
  provider_data: Record<string, string | number> | null;
  next_action_at: Date | null;
  status_checks: number;
  dispatch_lease: string | null;
  submitted_at: Date | null;
  in_doubt_alerted_at: Date | null;
}

export const DISBURSEMENT_COLUMNS = Columns.of<DisbursementRow>()(
  'id', 'merchant_id', 'environment', 'external_id', 'bank_code', 'account_name', 'account_number', 'description', 'amount',
  'status', 'failure_code', 'reservation_id', 'batch_id', 'withdrawal_id', 'provider', 'sandbox_outcome', 'sandbox_outcome_at',
  'created_at', 'completed_at', 'provider_reference', 'provider_stage', 'provider_failover', 'provider_data', 'next_action_at',
  'status_checks', 'dispatch_lease', 'submitted_at', 'in_doubt_alerted_at',
);

export interface BatchRow {
  id: string;
  merchant_id: string;
  environment: Environment;
  reference: string;
  status: 'pending' | 'completed';
  item_count: number;
  total_amount: number;
  created_at: Date;
  completed_at: Date | null;
}

const BATCH_COLUMNS = Columns.of<BatchRow>()(
  'id', 'merchant_id', 'environment', 'reference', 'status', 'item_count', 'total_amount', 'created_at', 'completed_at',
);

/** Merchants' disbursements as they read them, and batches. A payout's state changes are PayoutsRepository's. */
@Injectable()
export class DisbursementsRepository {
  constructor(private readonly sql: Sql) {}

  /** One of the merchant's own disbursements (a withdrawal's payout is not one). */
  findForMerchant(scope: MerchantScope, id: string): Promise<DisbursementRow | undefined> {
    return this.sql.one<DisbursementRow>(
      `SELECT ${DISBURSEMENT_COLUMNS} FROM disbursements
       WHERE id = $1 AND merchant_id = $2 AND environment = $3 AND withdrawal_id IS NULL`,
      [id, scope.merchantId, scope.environment],
    );
  }

  /** The external_ids of the disbursements of these ids that exist (wallet statements show them). */
  externalIds(ids: string[]): Promise<{ id: string; external_id: string }[]> {
    return this.sql.query<{ id: string; external_id: string }>('SELECT id, external_id FROM disbursements WHERE id = ANY($1)', [ids]);
  }

  /** A page of the merchant's own disbursements, newest first. */
  list(scope: MerchantScope, status: DisbursementStatus | undefined, filter: ResourceListFilter): Promise<DisbursementRow[]> {
    const where = ['withdrawal_id IS NULL'];
    const parameters: unknown[] = [];
    if (status !== undefined) where.push(`status = $${parameters.push(status)}`);
    return listNewestFirst<DisbursementRow>(this.sql, { table: 'disbursements', columns: String(DISBURSEMENT_COLUMNS), where, parameters }, scope, filter);
  }

  /** A pending batch; its items are inserted in the same transaction. */
  @Transactional(Propagation.Mandatory)
  async insertBatch(batch: { id: string; scope: MerchantScope; reference: string; itemCount: number; totalAmount: number }): Promise<void> {
    await this.sql.query(
      `INSERT INTO batch_disbursements (id, merchant_id, environment, reference, status, item_count, total_amount)
       VALUES ($1, $2, $3, $4, 'pending', $5, $6)`,
      [batch.id, batch.scope.merchantId, batch.scope.environment, batch.reference, batch.itemCount, batch.totalAmount],
    );
  }

  findBatch(scope: MerchantScope, id: string): Promise<BatchRow | undefined> {
    return this.sql.one<BatchRow>(
      `SELECT ${BATCH_COLUMNS} FROM batch_disbursements WHERE id = $1 AND merchant_id = $2 AND environment = $3`,
      [id, scope.merchantId, scope.environment],
    );
  }

  /** The batch's disbursements, in creation order. */
  batchItems(batchId: string): Promise<DisbursementRow[]> {
    return this.sql.query<DisbursementRow>(`SELECT ${DISBURSEMENT_COLUMNS} FROM disbursements WHERE batch_id = $1 ORDER BY created_at, id`, [batchId]);
  }

  /** Completes the batch if none of its items is pending; the batch only when this call completed it. */
  @Transactional(Propagation.Mandatory)
  closeBatchIfDone(batchId: string): Promise<BatchRow | undefined> {
    return this.sql.one<BatchRow>(
      `UPDATE batch_disbursements b SET status = 'completed', completed_at = now()
       WHERE b.id = $1 AND b.status = 'pending'
         AND NOT EXISTS (SELECT 1 FROM disbursements d WHERE d.batch_id = b.id AND d.status = 'pending')
       RETURNING ${BATCH_COLUMNS.of('b')}`,
      [batchId],
    );
  }

  /** How many of the batch's items were paid and how many failed. */
  async batchOutcomes(batchId: string): Promise<{ done: number; failed: number }> {
    const [counts] = await this.sql.query<{ done: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM disbursements WHERE batch_id = $1`,
      [batchId],
    );
    return counts;
  }
}

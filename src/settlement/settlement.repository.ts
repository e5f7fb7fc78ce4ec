import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { Environment } from '../common/environment';
import { Columns, Sql } from '../database/sql';

export type RunStatus = 'running' | 'completed';
export type RunTrigger = 'schedule' | 'operator';

/** What working on a run needs of it. */
export interface RunStateRow {
  id: string;
  environment: Environment;
  cutoff_at: Date;
  status: RunStatus;
}

const RUN_STATE = Columns.of<RunStateRow>()('id', 'environment', 'cutoff_at', 'status');

/** A run with its totals over all merchants. Totals are sums of sums and may pass 2^53: selected as text. */
export interface RunSummaryRow {
  id: string;
  environment: Environment;
  business_date: string;
  cutoff_at: Date;
  status: RunStatus;
  trigger: RunTrigger;
  payments_count: number;
  total_amount: string;
  started_at: Date;
  completed_at: Date | null;
}

const RUN_SUMMARY_SELECT = `
  SELECT r.id, r.environment, to_char(r.business_date, 'YYYY-MM-DD') AS business_date, r.cutoff_at, r.status, r.trigger,
         r.started_at, r.completed_at,
         coalesce(sum(m.payments_count), 0)::bigint AS payments_count, coalesce(sum(m.total_amount), 0)::text AS total_amount
  FROM settlement_runs r LEFT JOIN settlement_run_merchants m ON m.run_id = r.id`;

/** One merchant's totals in a run; the amount as text (exact past 2^53). */
export interface MerchantTotalRow {
  merchant_id: string;
  payments_count: number;
  total_amount: string;
}

/** Namespace of the advisory locks that make one process at a time work on a run. */
const RUN_LOCK_NAMESPACE = 7305;

/** settlement_runs and their per-merchant totals (settlement_run_merchants). */
@Injectable()
export class SettlementRepository {
  constructor(private readonly sql: Sql) {}

  /** The run of that environment and business date, created (running) unless it exists. */
  async findOrCreate(run: { environment: Environment; businessDate: string; cutoff: Date; trigger: RunTrigger }): Promise<RunStateRow> {
    await this.sql.query(
      `INSERT INTO settlement_runs (environment, business_date, cutoff_at, status, trigger)
       VALUES ($1, $2, $3, 'running', $4) ON CONFLICT (environment, business_date) DO NOTHING`,
      [run.environment, run.businessDate, run.cutoff, run.trigger],
    );
    const [found] = await this.sql.query<RunStateRow>(`SELECT ${RUN_STATE} FROM settlement_runs WHERE environment = $1 AND business_date = $2`, [
      run.environment,
      run.businessDate,
    ]);
    return found;
  }

  async unfinished(): Promise<RunStateRow[]> {
    return this.sql.query<RunStateRow>(`SELECT ${RUN_STATE} FROM settlement_runs WHERE status = 'running'`);
  }

  find(environment: Environment, businessDate: string): Promise<RunStateRow | undefined> {
    return this.sql.one<RunStateRow>(`SELECT ${RUN_STATE} FROM settlement_runs WHERE environment = $1 AND business_date = $2`, [environment, businessDate]);
  }

  async state(id: string): Promise<RunStateRow> {
    const [run] = await this.sql.query<RunStateRow>(`SELECT ${RUN_STATE} FROM settlement_runs WHERE id = $1`, [id]);
    return run;
  }

  /** Newest business date first. */
  summaries(environment: Environment | undefined, limit: number): Promise<RunSummaryRow[]> {
    return this.sql.query<RunSummaryRow>(
      `${RUN_SUMMARY_SELECT} ${environment ? 'WHERE r.environment = $2' : ''}
       GROUP BY r.id ORDER BY r.business_date DESC, r.environment LIMIT $1`,
      environment ? [limit, environment] : [limit],
    );
  }

  summary(id: string): Promise<RunSummaryRow | undefined> {
    return this.sql.one<RunSummaryRow>(`${RUN_SUMMARY_SELECT} WHERE r.id = $1 GROUP BY r.id`, [id]);
  }

  merchantTotals(runId: string): Promise<MerchantTotalRow[]> {
    return this.sql.query<MerchantTotalRow>(
      'SELECT merchant_id, payments_count, total_amount::text FROM settlement_run_merchants WHERE run_id = $1 ORDER BY merchant_id',
      [runId],
    );
  }

  /** The run's lock, until the transaction ends; false at once when another process holds it. */
  @Transactional(Propagation.Mandatory)
  async tryLock(runId: string): Promise<boolean> {
    const [{ locked }] = await this.sql.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [
      RUN_LOCK_NAMESPACE,
      runId,
    ]);
    return locked;
  }

  /** Adds a batch's settled payments to their merchants' totals. */
  @Transactional(Propagation.Mandatory)
  async addToMerchantTotals(runId: string, payments: { merchant_id: string; amount: number }[]): Promise<void> {
    await this.sql.query(
      `INSERT INTO settlement_run_merchants (run_id, merchant_id, payments_count, total_amount)
       SELECT $1, merchant_id, count(*), sum(amount) FROM unnest($2::uuid[], $3::bigint[]) AS p(merchant_id, amount)
       GROUP BY merchant_id
       ON CONFLICT (run_id, merchant_id) DO UPDATE
         SET payments_count = settlement_run_merchants.payments_count + EXCLUDED.payments_count,
             total_amount = settlement_run_merchants.total_amount + EXCLUDED.total_amount`,
      [runId, payments.map((p) => p.merchant_id), payments.map((p) => p.amount)],
    );
  }

  @Transactional(Propagation.Mandatory)
  async complete(runId: string): Promise<void> {
    await this.sql.query(`UPDATE settlement_runs SET status = 'completed', completed_at = now() WHERE id = $1`, [runId]);
  }

  /** Each environment's latest completed business date (YYYY-MM-DD), for metrics (the unique (environment, business_date) index). */
  lastCompletedDates(): Promise<{ environment: Environment; business_date: string }[]> {
    return this.sql.query(
      `SELECT environment, to_char(max(business_date), 'YYYY-MM-DD') AS business_date
       FROM settlement_runs WHERE status = 'completed' GROUP BY environment`,
    );
  }
}

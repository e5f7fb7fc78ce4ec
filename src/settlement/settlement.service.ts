import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { JsonInteger, toJsonInteger } from '../common/json-integer';
import { isUuid } from '../common/ids';
import { zonedDate, zonedInstant } from '../common/jakarta-time';
import { AppConfig } from '../config/app-config';
import { PaymentsService } from '../payments/recording/payments.service';

export interface SettlementRunView {
  id: string;
  environment: Environment;
  business_date: string;
  cutoff_at: string;
  status: 'running' | 'completed';
  trigger: 'schedule' | 'operator';
  payments_count: number;
  total_amount: JsonInteger;
  started_at: string;
  completed_at: string | null;
}

export interface SettlementRunDetail extends SettlementRunView {
  merchants: { merchant_id: string; payments_count: number; total_amount: JsonInteger }[];
}

interface RunRow {
  id: string;
  environment: Environment;
  business_date: string;
  cutoff_at: Date;
  status: 'running' | 'completed';
  trigger: 'schedule' | 'operator';
  payments_count: number;
  /** Totals are sums of sums and may pass 2^53: selected as text. */
  total_amount: string;
  started_at: Date;
  completed_at: Date | null;
}

/** Namespace of the advisory locks that make one process at a time work on a run. */
const RUN_LOCK_NAMESPACE = 7305;

const RUN_SELECT = `
  SELECT r.id, r.environment, to_char(r.business_date, 'YYYY-MM-DD') AS business_date, r.cutoff_at, r.status, r.trigger,
         r.started_at, r.completed_at,
         coalesce(sum(m.payments_count), 0)::bigint AS payments_count, coalesce(sum(m.total_amount), 0)::text AS total_amount
  FROM settlement_runs r LEFT JOIN settlement_run_merchants m ON m.run_id = r.id`;

function view(row: RunRow): SettlementRunView {
  return {
    ...row,
    total_amount: toJsonInteger(BigInt(row.total_amount)),
    cutoff_at: row.cutoff_at.toISOString(),
    started_at: row.started_at.toISOString(),
    completed_at: row.completed_at?.toISOString() ?? null,
  };
}

/**
 * The daily settlement: one run per (environment, business date) settles every payment
 * received before that date's cutoff, in set-based batches. The unique run row makes a
 * double trigger (two instances, an operator and the cron) find the same run; an advisory
 * lock lets one process at a time work on it; each batch commits on its own, so a run
 * that dies half-way simply continues where it stopped when triggered again.
 */
@Injectable()
export class SettlementService {
  private readonly logger = new Logger(SettlementService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly payments: PaymentsService,
    private readonly config: AppConfig,
  ) {}

  /** Today's business date in SETTLEMENT_TIMEZONE. */
  today(now = new Date()): string {
    return zonedDate(now, this.config.settlement.timezone);
  }

  async run(environment: Environment, businessDate: string, trigger: 'schedule' | 'operator'): Promise<SettlementRunDetail> {
    const cutoff = this.cutoffOf(businessDate);
    if (cutoff > new Date()) {
      throw new DomainError(
        'SETTLEMENT_CUTOFF_NOT_REACHED_ERROR',
        `The ${businessDate} cutoff (${this.config.settlement.cutoff} ${this.config.settlement.timezone}) has not passed yet`,
      );
    }
    await this.dataSource.query(
      `INSERT INTO settlement_runs (environment, business_date, cutoff_at, status, trigger)
       VALUES ($1, $2, $3, 'running', $4) ON CONFLICT (environment, business_date) DO NOTHING`,
      [environment, businessDate, cutoff, trigger],
    );
    const [{ id, status }] = await this.dataSource.query(
      'SELECT id, status FROM settlement_runs WHERE environment = $1 AND business_date = $2',
      [environment, businessDate],
    );
    if (status === 'running') await this.process(id);
    return this.get(id);
  }

  /** Continues every run a crash or restart left unfinished. */
  async resumeUnfinished(): Promise<number> {
    const runs: { id: string }[] = await this.dataSource.query(`SELECT id FROM settlement_runs WHERE status = 'running'`);
    for (const run of runs) await this.process(run.id);
    return runs.length;
  }

  async list(environment?: Environment, limit = 50): Promise<SettlementRunView[]> {
    const rows: RunRow[] = await this.dataSource.query(
      `${RUN_SELECT} ${environment ? 'WHERE r.environment = $2' : ''}
       GROUP BY r.id ORDER BY r.business_date DESC, r.environment LIMIT $1`,
      environment ? [limit, environment] : [limit],
    );
    return rows.map(view);
  }

  async get(id: string): Promise<SettlementRunDetail> {
    const [row]: RunRow[] = isUuid(id)
      ? await this.dataSource.query(`${RUN_SELECT} WHERE r.id = $1 GROUP BY r.id`, [id])
      : [];
    if (!row) throw new DomainError('SETTLEMENT_RUN_NOT_FOUND_ERROR', `No settlement run with id ${id}`);
    const merchants: { merchant_id: string; payments_count: number; total_amount: string }[] = await this.dataSource.query(
      `SELECT merchant_id, payments_count, total_amount::text FROM settlement_run_merchants WHERE run_id = $1 ORDER BY merchant_id`,
      [id],
    );
    return { ...view(row), merchants: merchants.map((m) => ({ ...m, total_amount: toJsonInteger(BigInt(m.total_amount)) })) };
  }

  private cutoffOf(businessDate: string): Date {
    const cutoff = /^\d{4}-\d{2}-\d{2}$/.test(businessDate)
      ? zonedInstant(businessDate, this.config.settlement.cutoff, this.config.settlement.timezone)
      : new Date(NaN);
    if (Number.isNaN(cutoff.getTime())) {
      throw new DomainError('API_VALIDATION_ERROR', 'date must be a business date YYYY-MM-DD', [
        { field: 'date', message: 'date must be YYYY-MM-DD' },
      ]);
    }
    return cutoff;
  }

  /** Works on a run while holding its advisory lock; returns at once if another process holds it. */
  private async process(runId: string): Promise<void> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = await lock.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [RUN_LOCK_NAMESPACE, runId]);
      if (!locked) return;
      try {
        const [run] = await lock.query(`SELECT environment, cutoff_at, status FROM settlement_runs WHERE id = $1`, [runId]);
        if (run.status !== 'running') return;
        let settled: number;
        do settled = await this.settleNextBatch(runId, run.environment, run.cutoff_at);
        while (settled > 0);
        await lock.query(`UPDATE settlement_runs SET status = 'completed', completed_at = now() WHERE id = $1`, [runId]);
        this.logger.log({ run_id: runId }, 'Settlement run completed');
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1, hashtext($2))', [RUN_LOCK_NAMESPACE, runId]);
      }
    } finally {
      await lock.release();
    }
  }

  /** One batch in one transaction: settled payments and the merchants' totals commit together. */
  private settleNextBatch(runId: string, environment: Environment, cutoff: Date): Promise<number> {
    return this.txHost.withTransaction(async () => {
      const { payments } = await this.payments.settleBatch(environment, cutoff, this.config.settlement.batchSize, runId);
      if (payments.length) {
        await this.txHost.tx.query(
          `INSERT INTO settlement_run_merchants (run_id, merchant_id, payments_count, total_amount)
           SELECT $1, merchant_id, count(*), sum(amount) FROM unnest($2::uuid[], $3::bigint[]) AS p(merchant_id, amount)
           GROUP BY merchant_id
           ON CONFLICT (run_id, merchant_id) DO UPDATE
             SET payments_count = settlement_run_merchants.payments_count + EXCLUDED.payments_count,
                 total_amount = settlement_run_merchants.total_amount + EXCLUDED.total_amount`,
          [runId, payments.map((p) => p.merchant_id), payments.map((p) => p.amount)],
        );
      }
      return payments.length;
    });
  }
}

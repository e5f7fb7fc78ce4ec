import { Injectable, Logger } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { JsonInteger, toJsonInteger } from '../common/json-integer';
import { isUuid } from '../common/ids';
import { zonedDate, zonedInstant } from '../common/jakarta-time';
import { AppConfig } from '../config/app-config';
import { PaymentsService } from '../payments/recording/payments.service';
import { RunStatus, RunSummaryRow, RunTrigger, SettlementRepository } from './settlement.repository';

export interface SettlementRunView {
  id: string;
  environment: Environment;
  business_date: string;
  cutoff_at: string;
  status: RunStatus;
  trigger: RunTrigger;
  payments_count: number;
  total_amount: JsonInteger;
  started_at: string;
  completed_at: string | null;
}

export interface SettlementRunDetail extends SettlementRunView {
  merchants: { merchant_id: string; payments_count: number; total_amount: JsonInteger }[];
}

function view(row: RunSummaryRow): SettlementRunView {
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
    private readonly runs: SettlementRepository,
    private readonly payments: PaymentsService,
    private readonly config: AppConfig,
  ) {}

  /** Today's business date in SETTLEMENT_TIMEZONE. */
  today(now = new Date()): string {
    return zonedDate(now, this.config.settlement.timezone);
  }

  async run(environment: Environment, businessDate: string, trigger: RunTrigger): Promise<SettlementRunDetail> {
    const cutoff = this.cutoffOf(businessDate);
    if (cutoff > new Date()) {
      throw new DomainError(
        'SETTLEMENT_CUTOFF_NOT_REACHED_ERROR',
        `The ${businessDate} cutoff (${this.config.settlement.cutoff} ${this.config.settlement.timezone}) has not passed yet`,
      );
    }
    const { id, status } = await this.runs.findOrCreate({ environment, businessDate, cutoff, trigger });
    if (status === 'running') await this.process(id);
    return this.get(id);
  }

  /** Continues every run a crash or restart left unfinished. */
  async resumeUnfinished(): Promise<number> {
    const runs = await this.runs.unfinished();
    for (const run of runs) await this.process(run.id);
    return runs.length;
  }

  async list(environment?: Environment, limit = 50): Promise<SettlementRunView[]> {
    return (await this.runs.summaries(environment, limit)).map(view);
  }

  async get(id: string): Promise<SettlementRunDetail> {
    const row = isUuid(id) ? await this.runs.summary(id) : undefined;
    if (!row) throw new DomainError('SETTLEMENT_RUN_NOT_FOUND_ERROR', `No settlement run with id ${id}`);
    const merchants = await this.runs.merchantTotals(id);
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

  /**
   * Works on a run in a transaction of its own that holds the run's lock, while each batch
   * commits in another; returns at once if another process holds the lock.
   */
  @Transactional(Propagation.RequiresNew)
  private async process(runId: string): Promise<void> {
    if (!(await this.runs.tryLock(runId))) return;
    const run = await this.runs.state(runId);
    if (run.status !== 'running') return;
    let settled: number;
    do settled = await this.settleNextBatch(runId, run.environment, run.cutoff_at);
    while (settled > 0);
    await this.runs.complete(runId);
    this.logger.log({ run_id: runId }, 'Settlement run completed');
  }

  /** One batch in one transaction: settled payments and the merchants' totals commit together. */
  @Transactional(Propagation.RequiresNew)
  private async settleNextBatch(runId: string, environment: Environment, cutoff: Date): Promise<number> {
    const { payments } = await this.payments.settleBatch(environment, cutoff, this.config.settlement.batchSize, runId);
    if (payments.length) await this.runs.addToMerchantTotals(runId, payments);
    return payments.length;
  }
}

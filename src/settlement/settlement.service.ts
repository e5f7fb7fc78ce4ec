import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable, Logger } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { stringify } from 'csv-stringify';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { JsonInteger, toJsonInteger } from '../common/json-integer';
import { isUuid } from '../common/ids';
import { jakartaIso, zonedDate, zonedInstant } from '../common/jakarta-time';
import type { Progress } from '../common/progress';
import { AppConfig } from '../config/app-config';
import { MerchantsService } from '../merchants/merchants.service';
import { MetricsService } from '../metrics/metrics.service';
import { PaymentsService, type RunPaymentsKey } from '../payments/recording/payments.service';
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

/** Payments received before a cutoff that still wait to be settled. */
export interface SettlementPending {
  payments_count: number;
  total_amount: JsonInteger;
}

export interface SettlementRunDetail extends SettlementRunView {
  merchants: { merchant_id: string; merchant_name: string; payments_count: number; total_amount: JsonInteger }[];
  /** Still to settle before this run's cutoff: while it runs, what is left; once completed, payments that arrived late. */
  pending: SettlementPending;
}

/** A run's report: `merchants` (one row per merchant) or `payments` (one row per payment). */
export type SettlementReportDetail = 'merchants' | 'payments';

export const RUN_MERCHANT_COLUMNS = ['business_date', 'environment', 'merchant_id', 'merchant_name', 'payments_count', 'total_amount'];
export const RUN_PAYMENT_COLUMNS = [
  'business_date',
  'environment',
  'merchant_id',
  'merchant_name',
  'payment_id',
  'resource_type',
  'resource_id',
  'external_id',
  'amount',
  'paid_at',
  'settled_at',
];

/** Payments read per batch of a run's per-payment report. */
const REPORT_BATCH = 1_000;

/** A report to download: its file name, and a writer that streams it (after the run was found). */
export interface SettlementReport {
  filename: string;
  write(output: Writable): Promise<void>;
}

/** What running a business date would settle now (the amount four eyes are asked about). */
export interface SettlementDue extends SettlementPending {
  environment: Environment;
  business_date: string;
  cutoff_at: string;
  /** The date's run, if it was started already. */
  run: { id: string; status: RunStatus } | null;
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
    private readonly merchants: MerchantsService,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** Today's business date in SETTLEMENT_TIMEZONE. */
  today(now = new Date()): string {
    return zonedDate(now, this.config.settlement.timezone);
  }

  async run(environment: Environment, businessDate: string, trigger: RunTrigger, progress?: Progress): Promise<SettlementRunDetail> {
    const { id, status } = await this.start(environment, businessDate, trigger);
    if (status === 'running') await this.process(id, progress);
    return this.get(id);
  }

  /**
   * Finds or creates the date's run without working on it (in the caller's transaction, if
   * any): an approved re-run commits its run with the decision, then continue() works on it.
   */
  async start(environment: Environment, businessDate: string, trigger: RunTrigger): Promise<{ id: string; status: RunStatus }> {
    const cutoff = this.reachedCutoffOf(businessDate);
    return this.runs.findOrCreate({ environment, businessDate, cutoff, trigger });
  }

  /** Works on a started run until it completes (returns at once if another process is at it). */
  async continue(runId: string, progress?: Progress): Promise<SettlementRunDetail> {
    await this.process(runId, progress);
    return this.get(runId);
  }

  /** What running the date now would settle, and its run if there is one. */
  async due(environment: Environment, businessDate: string): Promise<SettlementDue> {
    const cutoff = this.reachedCutoffOf(businessDate);
    const run = await this.runs.find(environment, businessDate);
    return {
      environment,
      business_date: businessDate,
      cutoff_at: cutoff.toISOString(),
      ...(await this.pendingBefore(environment, cutoff)),
      run: run ? { id: run.id, status: run.status } : null,
    };
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
    const names = await this.merchants.namesOf(merchants.map((m) => m.merchant_id));
    return {
      ...view(row),
      merchants: merchants.map((m) => ({ ...m, merchant_name: names.get(m.merchant_id) ?? '', total_amount: toJsonInteger(BigInt(m.total_amount)) })),
      pending: await this.pendingBefore(row.environment, row.cutoff_at),
    };
  }

  /**
   * The run's report as CSV, for finance to reconcile the income wallets and their own books
   * with: `merchants`, one row per merchant (count, total); `payments`, one row per payment
   * (its resource, the merchant's external_id, amount, when paid and settled, in Jakarta
   * time), read in keyset batches so memory stays flat however many the run settled. Both
   * list merchants in the same order; a merchant's payments add up to its row. The run is
   * looked up first (SETTLEMENT_RUN_NOT_FOUND_ERROR before anything is written).
   */
  async report(id: string, detail: SettlementReportDetail = 'merchants'): Promise<SettlementReport> {
    const run = await this.get(id);
    const environment = run.environment === 'production' ? '' : `-${run.environment}`;
    const filename = `palladium-settlement-${run.business_date}${environment}${detail === 'payments' ? '-payments' : ''}.csv`;
    const records: AsyncIterable<unknown[]> | Iterable<unknown[]> =
      detail === 'payments'
        ? this.paymentRecords(run)
        : run.merchants.map((m) => [run.business_date, run.environment, m.merchant_id, m.merchant_name, m.payments_count, String(m.total_amount)]);
    const columns = detail === 'payments' ? RUN_PAYMENT_COLUMNS : RUN_MERCHANT_COLUMNS;
    return { filename, write: (output) => pipeline(Readable.from(records), stringify({ header: true, columns }), output) };
  }

  private async *paymentRecords(run: SettlementRunDetail): AsyncGenerator<unknown[]> {
    const names = new Map(run.merchants.map((m) => [m.merchant_id, m.merchant_name]));
    let after: RunPaymentsKey | undefined;
    for (;;) {
      const payments = await this.payments.settledInRun(run.id, after, REPORT_BATCH);
      for (const p of payments) {
        yield [
          run.business_date,
          run.environment,
          p.merchant_id,
          names.get(p.merchant_id) ?? '',
          p.id,
          p.resource_type,
          p.resource_id,
          p.external_id,
          p.amount,
          jakartaIso(p.paid_at),
          p.settled_at ? jakartaIso(p.settled_at) : null,
        ];
      }
      if (payments.length < REPORT_BATCH) return;
      const last = payments[payments.length - 1];
      after = { merchant_id: last.merchant_id, paid_at_key: last.paid_at_key, id: last.id };
    }
  }

  private async pendingBefore(environment: Environment, cutoff: Date): Promise<SettlementPending> {
    const pending = await this.payments.pendingBefore(environment, cutoff);
    return { payments_count: pending.payments_count, total_amount: toJsonInteger(BigInt(pending.total_amount)) };
  }

  private reachedCutoffOf(businessDate: string): Date {
    const cutoff = this.cutoffOf(businessDate);
    if (cutoff > new Date()) {
      throw new DomainError(
        'SETTLEMENT_CUTOFF_NOT_REACHED_ERROR',
        `The ${businessDate} cutoff (${this.config.settlement.cutoff} ${this.config.settlement.timezone}) has not passed yet`,
      );
    }
    return cutoff;
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
  private async process(runId: string, progress?: Progress): Promise<void> {
    if (!(await this.runs.tryLock(runId))) return;
    const run = await this.runs.state(runId);
    if (run.status !== 'running') return;
    const started = performance.now();
    // Progress in payments: what was pending before the cutoff when the work began.
    const total = progress ? (await this.payments.pendingBefore(run.environment, run.cutoff_at)).payments_count : 0;
    progress?.(0, total);
    let settled: number;
    let done = 0;
    do {
      settled = await this.settleNextBatch(runId, run.environment, run.cutoff_at);
      done += settled;
      this.metrics.settlementPaymentsSettled.inc({ environment: run.environment }, settled);
      if (settled) progress?.(Math.min(done, total), total);
    } while (settled > 0);
    await this.runs.complete(runId);
    this.metrics.settlementRunDuration.observe({ environment: run.environment }, (performance.now() - started) / 1000);
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

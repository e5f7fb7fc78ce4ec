import { Injectable, Logger } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import { AppConfig } from '../../config/app-config';
import { queryRows } from '../../database/query-rows';
import type { PayoutOrder, PayoutStage, PayoutStepOutcome, ProviderCallRecord, UpstreamProvider } from '../../providers/payout-provider.port';
import { ProviderRegistry } from '../../providers/provider-registry.service';
import type { DisbursementRow } from '../disbursement.views';
import { PayoutsService } from '../payouts/payouts.service';

interface DispatchRow extends DisbursementRow {
  provider: UpstreamProvider;
  provider_stage: PayoutStage;
  provider_reference: string | null;
  provider_data: Record<string, string | number> | null;
  provider_failover: UpstreamProvider[];
  status_checks: number;
  dispatch_lease: string | null;
  submitted_at: Date | null;
  in_doubt_alerted_at: Date | null;
}

export interface PayoutDisagreement {
  disbursement_id: string;
  provider: UpstreamProvider;
  ours: 'pending' | 'done' | 'failed';
  theirs: 'pending' | 'done' | 'failed' | 'not_found';
  provider_response_code: string | null;
}

export interface DisbursementAttemptRow {
  provider: UpstreamProvider;
  operation: string;
  request: Record<string, unknown>;
  http_status: number | null;
  response_code: string | null;
  outcome: 'advanced' | 'waiting' | 'completed' | 'failed' | 'failed_over';
  failure_code: string | null;
  error: string | null;
  duration_ms: number;
  created_at: Date;
}

/** What a provider report did to the payout (stored on the provider event). */
export type ReportResult = { result: 'applied' | 'noted' | 'unmatched' | 'conflict'; detail: string };

/**
 * What a provider's report says about the payout itself, in the provider's own terms
 * (its bank code): each given fact must match what we sent, or the report changes nothing.
 */
export interface ReportedPayout {
  amount?: number;
  bankCode?: string;
  accountNumber?: string;
}

/** At most this many provider calls per claim (inquiry, transfer, and a lookup or two). */
const MAX_STEPS_PER_CLAIM = 4;

/**
 * Sends production payouts to their providers, outside any request transaction: a payout
 * is created `queued` with `next_action_at = now()`; a worker claims due payouts with
 * SKIP LOCKED and a lease, calls the provider with no transaction open, then records the
 * call and its outcome in one transaction. Before the call that can move money the stage
 * `submitting` is committed, so a payout whose worker died is checked, never sent twice.
 * Failover to the next provider happens only on outcomes that moved no money.
 */
@Injectable()
export class PayoutDispatcher {
  private readonly logger = new Logger(PayoutDispatcher.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly providers: ProviderRegistry,
    private readonly payouts: PayoutsService,
    private readonly banks: BankRegistryService,
    private readonly config: AppConfig,
  ) {}

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.txHost.tx, sql, parameters);
  }

  private get leaseSeconds(): number {
    return Math.ceil((this.config.providers.timeoutMs * MAX_STEPS_PER_CLAIM) / 1000) + 30;
  }

  /** Works on one due payout; false when none is due. */
  async dispatchDue(): Promise<boolean> {
    let row: DispatchRow | undefined;
    [row] = await this.query<DispatchRow>(
      `UPDATE disbursements SET next_action_at = now() + make_interval(secs => $1), dispatch_lease = gen_random_uuid()
       WHERE id = (SELECT id FROM disbursements WHERE next_action_at <= now() ORDER BY next_action_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [this.leaseSeconds],
    );
    if (!row) return false;
    const lease = row.dispatch_lease as string;
    for (let step = 0; row && step < MAX_STEPS_PER_CLAIM; step++) {
      const provider = this.providers.payoutProvider(row.provider);
      const next = provider.nextStep(this.orderOf(row), { stage: row.provider_stage, reference: row.provider_reference, data: row.provider_data });
      if (next.movesMoney) {
        [row] = await this.query<DispatchRow>(
          `UPDATE disbursements SET provider_stage = 'submitting', submitted_at = coalesce(submitted_at, now())
           WHERE id = $1 AND status = 'pending' AND dispatch_lease = $2 RETURNING *`,
          [row.id, lease],
        );
        if (!row) return true;
      }
      const { outcome, calls } = await next.run();
      row = await this.recordStep(row.id, row.provider, lease, calls, outcome);
    }
    return true;
  }

  /**
   * A provider's own report (webhook) on a payout, found by our id or its reference. Only
   * the provider currently holding the payout can change it; anything else is a conflict
   * for the reconciliation report.
   */
  @Transactional()
  async applyReport(
    provider: UpstreamProvider,
    match: { id?: string; reference?: string },
    outcome: PayoutStepOutcome,
    reported: ReportedPayout = {},
  ): Promise<ReportResult> {
    const [row] = match.id
      ? await this.query<DispatchRow>(`SELECT * FROM disbursements WHERE id = $1 AND environment = 'production' FOR UPDATE`, [match.id])
      : await this.query<DispatchRow>(`SELECT * FROM disbursements WHERE provider = $1 AND provider_reference = $2 FOR UPDATE`, [provider, match.reference]);
    if (!row) return { result: 'unmatched', detail: `No production disbursement for ${match.id ?? match.reference}` };
    if (row.provider !== provider) return { result: 'conflict', detail: `Disbursement ${row.id} is with ${row.provider}, not ${provider}` };
    const mismatch = this.reportMismatch(row, provider, reported);
    if (mismatch) return { result: 'conflict', detail: `Disbursement ${row.id}: the provider reports ${mismatch}` };
    if (row.status !== 'pending') {
      const same = (outcome.kind === 'completed' && row.status === 'done') || (outcome.kind === 'failed' && row.status === 'failed');
      return same || outcome.kind === 'waiting'
        ? { result: 'noted', detail: `Disbursement ${row.id} is already ${row.status}` }
        : { result: 'conflict', detail: `Disbursement ${row.id} is ${row.status}, the provider reports ${outcome.kind}` };
    }
    await this.apply(row, outcome);
    return { result: outcome.kind === 'waiting' ? 'noted' : 'applied', detail: `Disbursement ${row.id}: ${outcome.kind}` };
  }

  /** The first reported fact that differs from the payout we sent, described; null when all agree. */
  private reportMismatch(row: DispatchRow, provider: UpstreamProvider, reported: ReportedPayout): string | null {
    const order = this.orderOf(row);
    const sentBankCode = provider === 'duitku' ? order.duitkuBankCode : order.bankCode;
    if (reported.amount !== undefined && reported.amount !== order.amount) return `amount ${reported.amount}, we sent ${order.amount}`;
    if (reported.bankCode !== undefined && reported.bankCode !== sentBankCode) return `bank ${reported.bankCode}, we sent ${sentBankCode}`;
    if (reported.accountNumber !== undefined && reported.accountNumber !== order.accountNumber) {
      return `account number ${reported.accountNumber}, we sent ${order.accountNumber}`;
    }
    return null;
  }

  /** Records one step's provider calls and applies its outcome; returns the row when the next step is due now. */
  @Transactional()
  private async recordStep(id: string, provider: UpstreamProvider, lease: string, calls: ProviderCallRecord[], outcome: PayoutStepOutcome): Promise<DispatchRow | undefined> {
    const [row] = await this.query<DispatchRow>('SELECT * FROM disbursements WHERE id = $1 FOR UPDATE', [id]);
    const current = row.status === 'pending' && row.dispatch_lease === lease && row.provider === provider;
    const failedOver = current && outcome.kind === 'failed' && outcome.failover && row.provider_failover.length > 0;
    for (const [index, call] of calls.entries()) {
      const last = index === calls.length - 1;
      await this.query(
        `INSERT INTO disbursement_attempts (disbursement_id, provider, operation, request, http_status, response_code, outcome, failure_code, error, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, provider, call.operation, JSON.stringify(call.request), call.httpStatus, call.responseCode,
          !last ? 'advanced' : failedOver ? 'failed_over' : outcome.kind, last && outcome.kind === 'failed' ? outcome.failureCode : null, call.error, call.durationMs],
      );
    }
    if (!current) {
      // A webhook finished it meanwhile, or our lease ran out and another worker owns it now.
      this.logger.log({ disbursementId: id, outcome: outcome.kind }, 'Provider answer for a payout this worker no longer holds; recorded only');
      return undefined;
    }
    return this.apply(row, outcome, lease);
  }

  /** Moves the payout on by one outcome; returns the row if the dispatcher should go on at once. */
  private async apply(row: DispatchRow, outcome: PayoutStepOutcome, lease?: string): Promise<DispatchRow | undefined> {
    switch (outcome.kind) {
      case 'advanced': {
        const [next] = await this.query<DispatchRow>(
          `UPDATE disbursements SET provider_stage = $2, provider_reference = $3, provider_data = $4,
                  next_action_at = CASE WHEN $5::uuid IS NULL THEN now() ELSE next_action_at END
           WHERE id = $1 RETURNING *`,
          [row.id, outcome.state.stage, outcome.state.reference, outcome.state.data === null ? null : JSON.stringify(outcome.state.data), lease ?? null],
        );
        return lease ? next : undefined;
      }
      case 'waiting': {
        const { statusPollScheduleSeconds: schedule, inDoubtAlertSeconds } = this.config.providers;
        const data = outcome.state.data ?? row.provider_data;
        // Checked no later than the moment it is due to be raised to operators, who are told once.
        const [checked] = await this.query<{ alerted: boolean; submitted_at: Date | null }>(
          `UPDATE disbursements SET provider_stage = $2, provider_reference = $3, provider_data = $4, status_checks = status_checks + 1,
                  dispatch_lease = NULL,
                  in_doubt_alerted_at = CASE WHEN in_doubt_alerted_at IS NULL AND submitted_at <= now() - make_interval(secs => $6) THEN now()
                                             ELSE in_doubt_alerted_at END,
                  next_action_at = CASE WHEN in_doubt_alerted_at IS NULL AND submitted_at > now() - make_interval(secs => $6)
                                        THEN least(now() + make_interval(secs => $5), submitted_at + make_interval(secs => $6))
                                        ELSE now() + make_interval(secs => $5) END
           WHERE id = $1
           RETURNING in_doubt_alerted_at IS NOT NULL AND in_doubt_alerted_at = now() AS alerted, submitted_at`,
          [row.id, outcome.state.stage, outcome.state.reference ?? row.provider_reference,
            data === null ? null : JSON.stringify(data), schedule[Math.min(row.status_checks, schedule.length - 1)], inDoubtAlertSeconds],
        );
        if (checked.alerted) {
          this.logger.warn(
            { event: 'payout.in_doubt', disbursementId: row.id, provider: row.provider, providerReference: row.provider_reference, submittedAt: checked.submitted_at, amount: row.amount },
            'Payout still in doubt: an operator should confirm it with the provider and resolve it',
          );
        }
        return undefined;
      }
      case 'completed':
        if (outcome.reference) await this.query('UPDATE disbursements SET provider_reference = $2 WHERE id = $1', [row.id, outcome.reference]);
        await this.payouts.finish(row.id, { status: 'done' });
        return undefined;
      case 'failed': {
        const [nextProvider, ...rest] = row.provider_failover;
        if (outcome.failover && nextProvider) {
          this.logger.warn({ disbursementId: row.id, from: row.provider, to: nextProvider, failureCode: outcome.failureCode }, 'Payout fails over');
          const [next] = await this.query<DispatchRow>(
            `UPDATE disbursements SET provider = $2, provider_failover = $3, provider_stage = 'queued', provider_reference = NULL,
                    provider_data = NULL, status_checks = 0, next_action_at = now(), dispatch_lease = $4,
                    submitted_at = NULL, in_doubt_alerted_at = NULL
             WHERE id = $1 RETURNING *`,
            [row.id, nextProvider, rest, lease ?? null],
          );
          return lease ? next : undefined;
        }
        await this.payouts.finish(row.id, { status: 'failed', failureCode: outcome.failureCode });
        return undefined;
      }
    }
  }

  /**
   * Production payouts sent to a provider (pending, or finished since `since`) whose
   * provider status differs from ours, asked with the same status call the poller uses.
   */
  async providerDisagreements(since: Date, limit: number): Promise<PayoutDisagreement[]> {
    const rows = await this.query<DispatchRow>(
      `SELECT * FROM disbursements
       WHERE environment = 'production' AND provider IN ('xendit', 'duitku') AND provider_stage IN ('submitting', 'submitted')
         AND (status = 'pending' OR completed_at >= $1)
       ORDER BY created_at DESC LIMIT $2`,
      [since, limit],
    );
    const disagreements: PayoutDisagreement[] = [];
    for (const row of rows) {
      const step = this.providers.payoutProvider(row.provider).nextStep(this.orderOf(row), { stage: 'submitted', reference: row.provider_reference, data: row.provider_data });
      const { outcome, calls } = await step.run();
      const call = calls[calls.length - 1];
      const theirs = outcome.kind === 'completed' ? 'done' : outcome.kind === 'failed' ? 'failed' : outcome.kind === 'waiting' ? 'pending' : 'not_found';
      if (theirs !== row.status) {
        disagreements.push({ disbursement_id: row.id, provider: row.provider, ours: row.status, theirs, provider_response_code: call.responseCode ?? call.error });
      }
    }
    return disagreements;
  }

  /** Every provider call made for a payout, oldest first (operators' view). */
  attempts(id: string): Promise<DisbursementAttemptRow[]> {
    return this.query<DisbursementAttemptRow>(
      `SELECT provider, operation, request, http_status, response_code, outcome, failure_code, error, duration_ms, created_at
       FROM disbursement_attempts WHERE disbursement_id = $1 ORDER BY id`,
      [id],
    );
  }

  private orderOf(row: DispatchRow): PayoutOrder {
    const bank = this.banks.requireDisbursementBank(row.bank_code);
    return {
      id: row.id,
      bankCode: bank.code,
      duitkuBankCode: bank.duitkuCode,
      accountNumber: row.account_number,
      accountName: row.account_name,
      description: row.description,
      amount: row.amount,
    };
  }
}

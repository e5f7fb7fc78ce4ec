import { Injectable, Logger } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import { AppConfig } from '../../config/app-config';
import type { PayoutOrder, PayoutStepOutcome, ProviderCallRecord, ReportedPayout } from '../../domain/payouts';
import type { ProviderName } from '../../domain/provider-ports';
import { ProviderRegistry } from '../../providers/provider-registry.service';
import { DisbursementAttemptRow, DispatchRow, PayoutsRepository } from '../payouts/payouts.repository';
import { PayoutsService } from '../payouts/payouts.service';

export type { DisbursementAttemptRow };

export interface PayoutDisagreement {
  disbursement_id: string;
  provider: ProviderName;
  ours: 'pending' | 'done' | 'failed';
  theirs: 'pending' | 'done' | 'failed' | 'not_found';
  provider_response_code: string | null;
}

/** What a provider report did to the payout (stored on the provider event). */
export type ReportResult = { result: 'applied' | 'noted' | 'unmatched' | 'conflict'; detail: string };

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
    private readonly payoutRows: PayoutsRepository,
    private readonly providers: ProviderRegistry,
    private readonly payouts: PayoutsService,
    private readonly banks: BankRegistryService,
    private readonly config: AppConfig,
  ) {}

  private get leaseSeconds(): number {
    return Math.ceil((this.config.providers.timeoutMs * MAX_STEPS_PER_CLAIM) / 1000) + 30;
  }

  /**
   * Works on one due payout; false when none is due. Never inside a transaction: the claim
   * and `submitting` commit before the provider call, and no connection waits on one.
   */
  @Transactional(Propagation.Never)
  async dispatchDue(): Promise<boolean> {
    let row = await this.payoutRows.claimDue(this.leaseSeconds);
    if (!row) return false;
    const lease = row.dispatch_lease as string;
    for (let step = 0; row && step < MAX_STEPS_PER_CLAIM; step++) {
      const provider = this.providers.moneyOut(row.provider);
      const next = provider.nextStep(this.orderOf(row), { stage: row.provider_stage, reference: row.provider_reference, data: row.provider_data });
      if (next.movesMoney) {
        row = await this.payoutRows.markSubmitting(row.id, lease);
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
    provider: ProviderName,
    match: { id?: string; reference?: string },
    outcome: PayoutStepOutcome,
    reported: ReportedPayout = {},
  ): Promise<ReportResult> {
    const row = await this.payoutRows.lockReported(provider, match);
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
  private reportMismatch(row: DispatchRow, provider: ProviderName, reported: ReportedPayout): string | null {
    const order = this.orderOf(row);
    const sentBankCode = this.providers.moneyOut(provider).sentBankCode(order);
    if (reported.amount !== undefined && reported.amount !== order.amount) return `amount ${reported.amount}, we sent ${order.amount}`;
    if (reported.bankCode !== undefined && reported.bankCode !== sentBankCode) return `bank ${reported.bankCode}, we sent ${sentBankCode}`;
    if (reported.accountNumber !== undefined && reported.accountNumber !== order.accountNumber) {
      return `account number ${reported.accountNumber}, we sent ${order.accountNumber}`;
    }
    return null;
  }

  /** Records one step's provider calls and applies its outcome; returns the row when the next step is due now. */
  @Transactional()
  private async recordStep(id: string, provider: ProviderName, lease: string, calls: ProviderCallRecord[], outcome: PayoutStepOutcome): Promise<DispatchRow | undefined> {
    // Claimed by this worker, so an upstream payout (whether or not this worker still holds it).
    const row = (await this.payoutRows.lock(id)) as DispatchRow;
    const current = row.status === 'pending' && row.dispatch_lease === lease && row.provider === provider;
    const failedOver = current && outcome.kind === 'failed' && outcome.failover && row.provider_failover.length > 0;
    // Every call but the last only advanced; the last carries the step's outcome.
    await this.payoutRows.recordAttempts(
      id,
      provider,
      calls.map((call, index) => {
        const last = index === calls.length - 1;
        return {
          call,
          outcome: !last ? 'advanced' : failedOver ? 'failed_over' : outcome.kind,
          failureCode: last && outcome.kind === 'failed' ? outcome.failureCode : null,
        };
      }),
    );
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
        const next = await this.payoutRows.advance(row.id, outcome.state, lease);
        return lease ? next : undefined;
      }
      case 'waiting': {
        const { statusPollScheduleSeconds: schedule, inDoubtAlertSeconds } = this.config.providers;
        const checked = await this.payoutRows.recordWaiting(
          row.id,
          { stage: outcome.state.stage, reference: outcome.state.reference ?? row.provider_reference, data: outcome.state.data ?? row.provider_data },
          schedule[Math.min(row.status_checks, schedule.length - 1)],
          inDoubtAlertSeconds,
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
        if (outcome.reference) await this.payoutRows.setProviderReference(row.id, outcome.reference);
        await this.payouts.finish(row.id, { status: 'done' });
        return undefined;
      case 'failed': {
        const [nextProvider, ...rest] = row.provider_failover;
        if (outcome.failover && nextProvider) {
          this.logger.warn({ disbursementId: row.id, from: row.provider, to: nextProvider, failureCode: outcome.failureCode }, 'Payout fails over');
          const next = await this.payoutRows.failOver(row.id, nextProvider, rest, lease);
          return lease ? next : undefined;
        }
        await this.payouts.finish(row.id, { status: 'failed', failureCode: outcome.failureCode });
        return undefined;
      }
    }
  }

  /**
   * Production payouts sent to a provider (pending, or finished since `since`) whose
   * provider status differs from ours, asked with the same status call the poller uses
   * (outside any transaction, like every provider call).
   */
  @Transactional(Propagation.Never)
  async providerDisagreements(since: Date, limit: number): Promise<PayoutDisagreement[]> {
    const rows = await this.payoutRows.sentToProviders(this.providers.payoutProviders(), since, limit);
    const disagreements: PayoutDisagreement[] = [];
    for (const row of rows) {
      const step = this.providers.moneyOut(row.provider).nextStep(this.orderOf(row), { stage: 'submitted', reference: row.provider_reference, data: row.provider_data });
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
    return this.payoutRows.attempts(id);
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

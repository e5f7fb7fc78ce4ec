import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { CallbacksService } from '../../callbacks/outbox/callbacks.service';
import type { MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import { ProviderRegistry } from '../../providers/provider-registry.service';
import { MoneyMovementsService } from '../../wallets/money-movements.service';
import { disbursementView } from '../disbursement.views';
import { DisbursementRow, DisbursementsRepository } from '../disbursements.repository';
import { withdrawalView } from '../withdrawals/withdrawal.views';
import { WithdrawalsRepository } from '../withdrawals/withdrawals.repository';
import { decodeOutcome, encodeOutcome, sandboxOutcome } from './payout-rules';
import type { PayoutOutcome, PayoutSource } from './payout-rules';
import { PayoutDetails, PayoutsRepository } from './payouts.repository';

export interface NewPayout extends PayoutDetails {
  source: PayoutSource;
  /** Who pays it out: the first provider, then the failover ones (sandbox, manual, or upstream providers). */
  route: string[];
  /** An existing reservation (a withdrawal's); without it the disburse wallet is reserved here. */
  reservationId?: string;
}

/**
 * A payout's whole life: opened with its ledger reservation in the caller's transaction,
 * finished exactly once (posted when done, voided when failed) with its callback, whoever
 * reports the outcome: the sandbox, an operator, a simulation, or an upstream provider
 * (through PayoutDispatcher, by its answer or its webhook).
 */
@Injectable()
export class PayoutsService {
  constructor(
    private readonly payoutRows: PayoutsRepository,
    private readonly disbursementRows: DisbursementsRepository,
    private readonly withdrawalRows: WithdrawalsRepository,
    private readonly money: MoneyMovementsService,
    private readonly callbacks: CallbacksService,
    private readonly providers: ProviderRegistry,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async open(payout: NewPayout): Promise<DisbursementRow> {
    const reservationId = payout.reservationId ?? (await this.money.reserveDisbursement(payout.scope, payout.id, payout.amount));
    const sandbox =
      payout.scope.environment === 'development'
        ? sandboxOutcome({ amount: payout.amount, accountNumber: payout.accountNumber, source: payout.source })
        : undefined;
    const [provider, ...failover] = payout.route;
    return this.payoutRows.insert({
      ...payout,
      reservationId,
      provider,
      failover,
      sandboxOutcome: sandbox ? encodeOutcome(sandbox) : null,
      sandboxSeconds: this.config.sandbox.disbursementSeconds,
      // Upstream payouts are sent by the dispatcher after this transaction commits, never inside it.
      queued: this.providers.sendsPayouts(provider),
    });
  }

  /**
   * Records the outcome once. The same outcome again is a no-op; a different one after the
   * fact is refused (a paid disbursement cannot fail later, nor a failed one pay).
   */
  @Transactional()
  async finish(id: string, outcome: PayoutOutcome): Promise<DisbursementRow> {
    const row = await this.payoutRows.lock(id);
    if (!row) throw new DomainError('DISBURSEMENT_NOT_FOUND_ERROR', `No disbursement with id ${id}`);
    if (row.status !== 'pending') {
      if (row.status === outcome.status) return row;
      throw new DomainError('DISBURSEMENT_ALREADY_COMPLETED_ERROR', `Disbursement ${id} is already ${row.status}`);
    }
    if (outcome.status === 'done') {
      await this.money.postPayout(row.reservation_id);
      // The money left our balance at the provider: its clearing account mirrors that balance.
      if (this.providers.sendsPayouts(row.provider)) {
        // Registered providers are the ones with a seeded clearing account (ClearingProvider).
        await this.money.recordProviderPayout({ id: row.id, environment: row.environment, provider: row.provider, amount: row.amount });
      }
    } else {
      await this.money.voidPayout(row.reservation_id);
    }
    const finished = await this.payoutRows.markFinished(id, outcome.status, outcome.status === 'failed' ? outcome.failureCode : null);
    const scope = { merchantId: row.merchant_id, environment: row.environment };
    if (finished.withdrawal_id) {
      await this.finishWithdrawal(finished.withdrawal_id, outcome, scope);
    } else {
      const event = outcome.status === 'done' ? 'disbursement.completed' : 'disbursement.failed';
      await this.callbacks.emit(scope, event, finished.id, finished.id, disbursementView(finished));
    }
    if (finished.batch_id) await this.closeBatchIfDone(finished.batch_id, scope);
    this.metrics.payoutsFinished.inc({ environment: row.environment, status: outcome.status });
    return finished;
  }

  /** Unfinished payouts by environment and stage (metrics). */
  pendingByStage(): Promise<{ environment: 'development' | 'production'; stage: string; count: number }[]> {
    return this.payoutRows.pendingByStage();
  }

  /** Development payouts whose sandbox outcome is due; false when there are none. */
  @Transactional()
  async finishSandboxDue(): Promise<boolean> {
    const due = await this.payoutRows.lockSandboxDue();
    if (!due) return false;
    await this.finish(due.id, decodeOutcome(due.sandbox_outcome));
    return true;
  }

  private async finishWithdrawal(id: string, outcome: PayoutOutcome, scope: MerchantScope): Promise<void> {
    const withdrawal = await this.withdrawalRows.markFinished(id, outcome.status, outcome.status === 'failed' ? (outcome.reason ?? outcome.failureCode) : null);
    if (!withdrawal) return;
    const event = outcome.status === 'done' ? 'withdrawal.completed' : 'withdrawal.failed';
    await this.callbacks.emit(scope, event, withdrawal.id, withdrawal.id, withdrawalView(withdrawal));
  }

  /** The batch closes, and calls back once, when its last item ends. */
  private async closeBatchIfDone(batchId: string, scope: MerchantScope): Promise<void> {
    const closed = await this.disbursementRows.closeBatchIfDone(batchId);
    if (!closed) return;
    const counts = await this.disbursementRows.batchOutcomes(batchId);
    await this.callbacks.emit(scope, 'batch_disbursement.completed', batchId, batchId, {
      id: batchId,
      reference: closed.reference,
      status: 'completed',
      done_count: counts.done,
      failed_count: counts.failed,
    });
  }
}

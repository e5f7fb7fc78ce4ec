import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CallbacksService } from '../../callbacks/outbox/callbacks.service';
import type { MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import { queryRows } from '../../database/query-rows';
import type { UpstreamProvider } from '../../providers/payout-provider.port';
import { MoneyMovementsService } from '../../wallets/money-movements.service';
import { DisbursementRow, disbursementView } from '../disbursement.views';
import { Withdrawal } from '../withdrawals/withdrawal.entity';
import { withdrawalView } from '../withdrawals/withdrawal.views';
import { decodeOutcome, encodeOutcome, sandboxOutcome } from './payout-rules';
import type { PayoutOutcome, PayoutSource } from './payout-rules';

const UPSTREAM_PROVIDERS: readonly string[] = ['xendit', 'duitku'] satisfies UpstreamProvider[];
const isUpstream = (provider: string): provider is UpstreamProvider => UPSTREAM_PROVIDERS.includes(provider);

export interface NewPayout {
  id: string;
  scope: MerchantScope;
  source: PayoutSource;
  externalId: string;
  bankCode: string;
  accountName: string;
  accountNumber: string;
  description: string;
  amount: number;
  /** Who pays it out: the first provider, then the failover ones (sandbox, manual, or upstream providers). */
  route: string[];
  batchId?: string;
  withdrawalId?: string;
  /** An existing reservation (a withdrawal's); without it the disburse wallet is reserved here. */
  reservationId?: string;
}

/**
 * A payout's whole life: opened with its ledger reservation in the caller's transaction,
 * finished exactly once (posted when done, voided when failed) with its callback, whoever
 * reports the outcome: the sandbox, an operator, a simulation, later a provider.
 */
@Injectable()
export class PayoutsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly money: MoneyMovementsService,
    private readonly callbacks: CallbacksService,
    private readonly config: AppConfig,
  ) {}

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.txHost.tx, sql, parameters);
  }

  async open(payout: NewPayout): Promise<DisbursementRow> {
    const reservationId = payout.reservationId ?? (await this.money.reserveDisbursement(payout.scope, payout.id, payout.amount));
    const sandbox =
      payout.scope.environment === 'development'
        ? sandboxOutcome({ amount: payout.amount, accountNumber: payout.accountNumber, source: payout.source })
        : undefined;
    const [provider, ...failover] = payout.route;
    // Upstream payouts are sent by the dispatcher after this transaction commits, never inside it.
    const dispatched = isUpstream(provider);
    const [row] = await this.query<DisbursementRow>(
      `INSERT INTO disbursements (id, merchant_id, environment, external_id, bank_code, account_name, account_number, description, amount,
                                  status, reservation_id, batch_id, withdrawal_id, provider, sandbox_outcome, sandbox_outcome_at,
                                  provider_failover, provider_stage, next_action_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $12, $13, $14,
               CASE WHEN $14::text IS NULL THEN NULL ELSE now() + make_interval(secs => $15) END,
               $16, CASE WHEN $17 THEN 'queued' END, CASE WHEN $17 THEN now() END)
       RETURNING *`,
      [payout.id, payout.scope.merchantId, payout.scope.environment, payout.externalId, payout.bankCode, payout.accountName,
        payout.accountNumber, payout.description, payout.amount, reservationId, payout.batchId ?? null, payout.withdrawalId ?? null,
        provider, sandbox ? encodeOutcome(sandbox) : null, this.config.sandbox.disbursementSeconds, failover, dispatched],
    );
    return row;
  }

  /**
   * Records the outcome once. The same outcome again is a no-op; a different one after the
   * fact is refused (a paid disbursement cannot fail later, nor a failed one pay).
   */
  @Transactional()
  async finish(id: string, outcome: PayoutOutcome): Promise<DisbursementRow> {
    const [row] = await this.query<DisbursementRow>('SELECT * FROM disbursements WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw new DomainError('DISBURSEMENT_NOT_FOUND_ERROR', `No disbursement with id ${id}`);
    if (row.status !== 'pending') {
      if (row.status === outcome.status) return row;
      throw new DomainError('DISBURSEMENT_ALREADY_COMPLETED_ERROR', `Disbursement ${id} is already ${row.status}`);
    }
    if (outcome.status === 'done') {
      await this.money.postPayout(row.reservation_id);
      // The money left our balance at the provider: its clearing account mirrors that balance.
      if (isUpstream(row.provider)) {
        await this.money.recordProviderPayout({ id: row.id, environment: row.environment, provider: row.provider, amount: row.amount });
      }
    } else {
      await this.money.voidPayout(row.reservation_id);
    }
    const [finished] = await this.query<DisbursementRow>(
      `UPDATE disbursements SET status = $2, failure_code = $3, completed_at = now(), next_action_at = NULL, dispatch_lease = NULL
       WHERE id = $1 RETURNING *`,
      [id, outcome.status, outcome.status === 'failed' ? outcome.failureCode : null],
    );
    const scope = { merchantId: row.merchant_id, environment: row.environment };
    if (finished.withdrawal_id) {
      await this.finishWithdrawal(finished, outcome);
    } else {
      const event = outcome.status === 'done' ? 'disbursement.completed' : 'disbursement.failed';
      await this.callbacks.emit(scope, event, finished.id, finished.id, disbursementView(finished));
    }
    if (finished.batch_id) await this.closeBatchIfDone(finished.batch_id, scope);
    return finished;
  }

  /** Development payouts whose sandbox outcome is due; false when there are none. */
  @Transactional()
  async finishSandboxDue(): Promise<boolean> {
    const [due] = await this.query<{ id: string; sandbox_outcome: string }>(
      `SELECT id, sandbox_outcome FROM disbursements
       WHERE status = 'pending' AND environment = 'development' AND sandbox_outcome_at <= now()
       ORDER BY sandbox_outcome_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    if (!due) return false;
    await this.finish(due.id, decodeOutcome(due.sandbox_outcome));
    return true;
  }

  private async finishWithdrawal(payout: DisbursementRow, outcome: PayoutOutcome): Promise<void> {
    const [updated] = await this.query<{ id: string }>(
      `UPDATE withdrawals SET status = $2, failure_reason = $3, completed_at = now() WHERE id = $1 AND status = 'pending' RETURNING id`,
      [payout.withdrawal_id, outcome.status, outcome.status === 'failed' ? (outcome.reason ?? outcome.failureCode) : null],
    );
    if (!updated) return;
    const withdrawal = await this.txHost.tx.getRepository(Withdrawal).findOneByOrFail({ id: updated.id });
    const event = outcome.status === 'done' ? 'withdrawal.completed' : 'withdrawal.failed';
    await this.callbacks.emit(withdrawal, event, withdrawal.id, withdrawal.id, withdrawalView(withdrawal));
  }

  /** The batch closes, and calls back once, when its last item ends. */
  private async closeBatchIfDone(batchId: string, scope: MerchantScope): Promise<void> {
    const [closed] = await this.query<{ id: string; reference: string }>(
      `UPDATE batch_disbursements b SET status = 'completed', completed_at = now()
       WHERE b.id = $1 AND b.status = 'pending'
         AND NOT EXISTS (SELECT 1 FROM disbursements d WHERE d.batch_id = b.id AND d.status = 'pending')
       RETURNING id, reference`,
      [batchId],
    );
    if (!closed) return;
    const [counts] = await this.query<{ done: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM disbursements WHERE batch_id = $1`,
      [batchId],
    );
    await this.callbacks.emit(scope, 'batch_disbursement.completed', batchId, batchId, {
      id: batchId,
      reference: closed.reference,
      status: 'completed',
      done_count: counts.done,
      failed_count: counts.failed,
    });
  }
}

import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { Environment, MerchantScope } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { systemAccount, walletAccount } from './ledger/account-codes';
import { Allowance, availableBalance } from './ledger/ledger-rules';
import { LedgerService } from './ledger/ledger.service';
import type { ClearingProvider } from './ledger/ledger.types';

/** What a ledger posting needs to know of a top-up (from its row, or a test's stand-in). */
export interface TopUpCredit {
  id: string;
  merchantId: string;
  environment: Environment;
  amount: number;
}

/**
 * Every way money moves, and only here: each operation picks its accounts, its transfer
 * code and its transfer id (derived from the business event, so a replay is a no-op).
 *
 * | Operation               | Debit                     | Credit                     | Code              |
 * | ----------------------- | ------------------------- | -------------------------- | ----------------- |
 * | recordPendingPayment    | provider_clearing:<p>     | income wallet (pending)    | payment           |
 * | settlePayments          | posts those reservations  |                            | settlement        |
 * | creditTopUp             | top_up_bank               | disburse wallet            | top_up            |
 * | reverseTopUp            | disburse wallet           | top_up_bank                | reversal          |
 * | reserveDisbursement     | disburse wallet (pending) | payout                     | disbursement      |
 * | reserveWithdrawal       | income wallet (pending)   | payout                     | withdrawal        |
 * | postPayout / voidPayout | posts / voids one of those reservations               |                   |
 * | recordProviderPayout    | payout                    | provider_clearing:<p>      | disbursement      |
 * | recordProviderFunding   | provider_clearing:<p> ⇄ top_up_bank (deposit / sweep) |                   | provider_funding  |
 *
 * Only wallet debits need the wallet's lock (its balance is checked); system accounts are
 * never locked (see LedgerService). Each operation must run inside the caller's transaction,
 * together with the state change and outbox event it belongs to: called outside one, it
 * throws (Propagation.Mandatory) instead of committing money on its own.
 */
@Injectable()
export class MoneyMovementsService {
  constructor(private readonly ledger: LedgerService) {}

  /** A payment was received: pending income of the merchant until settlement. */
  @Transactional(Propagation.Mandatory)
  async recordPendingPayment(payment: { id: string; scope: MerchantScope; provider: ClearingProvider; amount: number }): Promise<void> {
    await this.ledger.transfer({
      id: paymentTransferId(payment.id),
      debit: systemAccount(payment.scope.environment, `provider_clearing:${payment.provider}`),
      credit: walletAccount(payment.scope, 'income'),
      amount: payment.amount,
      code: 'payment',
      reference: payment.id,
      pending: true,
    });
  }

  /** Settlement: the payments' pending income becomes withdrawable, set-based (one statement). */
  @Transactional(Propagation.Mandatory)
  async settlePayments(paymentIds: string[]): Promise<void> {
    await this.ledger.postPendingBatch(
      paymentIds.map((id) => ({ id: `${paymentTransferId(id)}:settle`, pendingId: paymentTransferId(id) })),
      'settlement',
    );
  }

  /** An approved top-up credits the disburse wallet (once per top-up). */
  @Transactional(Propagation.Mandatory)
  async creditTopUp(topUp: TopUpCredit): Promise<void> {
    await this.ledger.transfer({
      id: topUpTransferId(topUp.id),
      debit: systemAccount(topUp.environment, 'top_up_bank'),
      credit: walletAccount(topUp, 'disburse'),
      amount: topUp.amount,
      code: 'top_up',
      reference: topUp.id,
    });
  }

  /** Takes a credited top-up back out; INSUFFICIENT_BALANCE if the money is spent or reserved. */
  @Transactional(Propagation.Mandatory)
  async reverseTopUp(topUpId: string): Promise<void> {
    await this.ledger.reverse({ id: `${topUpTransferId(topUpId)}:reversal`, transferId: topUpTransferId(topUpId), reference: topUpId });
  }

  /** Reserves a disbursement's amount in the disburse wallet; returns the reservation id. */
  @Transactional(Propagation.Mandatory)
  async reserveDisbursement(scope: MerchantScope, disbursementId: string, amount: number): Promise<string> {
    const id = `disbursement:${disbursementId}`;
    await this.ledger.transfer({
      id,
      debit: walletAccount(scope, 'disburse'),
      credit: systemAccount(scope.environment, 'payout'),
      amount,
      code: 'disbursement',
      reference: disbursementId,
      pending: true,
    });
    return id;
  }

  /**
   * Locks the disburse wallet once for many reservations in this transaction (group
   * commit); the allowance decides, in order, which of them the balance covers.
   */
  @Transactional(Propagation.Mandatory)
  async disburseAllowance(scope: MerchantScope): Promise<Allowance> {
    return new Allowance('disburse wallet', availableBalance(await this.ledger.lockWallet(walletAccount(scope, 'disburse'))));
  }

  /** Reserves a withdrawal's amount in the income wallet; returns the reservation id. */
  @Transactional(Propagation.Mandatory)
  async reserveWithdrawal(scope: MerchantScope, withdrawalId: string, amount: number): Promise<string> {
    const id = `withdrawal:${withdrawalId}`;
    await this.ledger.transfer({
      id,
      debit: walletAccount(scope, 'income'),
      credit: systemAccount(scope.environment, 'payout'),
      amount,
      code: 'withdrawal',
      reference: withdrawalId,
      pending: true,
    });
    return id;
  }

  /** The payout reached the bank: its reservation is spent (exactly once). */
  @Transactional(Propagation.Mandatory)
  async postPayout(reservationId: string): Promise<void> {
    await this.ledger.postPending({ id: `${reservationId}:post`, pendingId: reservationId });
  }

  /** The payout failed: its reservation is released, the money is available again (exactly once). */
  @Transactional(Propagation.Mandatory)
  async voidPayout(reservationId: string): Promise<void> {
    await this.ledger.voidPending({ id: `${reservationId}:void`, pendingId: reservationId });
  }

  /** An upstream provider paid a payout from our balance there: it leaves the provider's clearing account. */
  @Transactional(Propagation.Mandatory)
  async recordProviderPayout(payout: { id: string; environment: Environment; provider: ClearingProvider; amount: number }): Promise<void> {
    await this.ledger.transfer({
      id: `disbursement:${payout.id}:provider`,
      debit: systemAccount(payout.environment, 'payout'),
      credit: systemAccount(payout.environment, `provider_clearing:${payout.provider}`),
      amount: payout.amount,
      code: 'disbursement',
      reference: payout.id,
    });
  }

  /**
   * An operator moved money between our bank account and a provider's (production): a
   * deposit funds the payout float, a withdrawal sweeps it. Once per reference; returns
   * the transfer id.
   */
  @Transactional(Propagation.Mandatory)
  async recordProviderFunding(input: { provider: ClearingProvider; direction: 'deposit' | 'withdrawal'; amount: number; reference: string }): Promise<string> {
    const id = `provider_funding:${input.provider}:${input.reference}`;
    if (await this.ledger.getTransfer(id)) {
      throw new DomainError('DUPLICATE_TOP_UP_ERROR', `Funding ${input.reference} of ${input.provider} was already recorded`);
    }
    const clearing = systemAccount('production', `provider_clearing:${input.provider}`);
    const bank = systemAccount('production', 'top_up_bank');
    const deposit = input.direction === 'deposit';
    await this.ledger.transfer({
      id,
      debit: deposit ? clearing : bank,
      credit: deposit ? bank : clearing,
      amount: input.amount,
      code: 'provider_funding',
      reference: input.reference,
    });
    return id;
  }
}

const paymentTransferId = (paymentId: string) => `payment:${paymentId}`;
const topUpTransferId = (topUpId: string) => `top_up:${topUpId}`;

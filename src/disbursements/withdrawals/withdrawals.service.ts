import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import type { MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { assertAmountWithin } from '../../common/validation/amount-range';
import { isResourceId, newResourceId } from '../../common/ids';
import type { Page } from '../../common/pagination';
import { MoneyMovementsService } from '../../wallets/money-movements.service';
import type { PayoutOutcome } from '../payouts/payout-rules';
import { PayoutsRepository } from '../payouts/payouts.repository';
import { PayoutsService } from '../payouts/payouts.service';
import {
  adminWithdrawalView,
  AdminWithdrawalView,
  withdrawalAccountView,
  WithdrawalAccountView,
  withdrawalView,
  WithdrawalStatus,
  WithdrawalView,
} from './withdrawal.views';
import { WithdrawalAccountRow, WithdrawalsRepository } from './withdrawals.repository';
import { IdempotencyService } from '../../idempotency/idempotency.service';

export interface WithdrawalAccountInput {
  bankCode: string;
  accountNumber: string;
  accountName: string;
}

/**
 * Withdrawals from the income wallet to the merchant's registered bank account: the amount
 * is reserved on request, posted when paid out, voided (returned) on failure.
 */
@Injectable()
export class WithdrawalsService {
  constructor(
    private readonly withdrawalRows: WithdrawalsRepository,
    private readonly payoutRows: PayoutsRepository,
    private readonly money: MoneyMovementsService,
    private readonly banks: BankRegistryService,
    private readonly payouts: PayoutsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Merchants may set their own account only in the sandbox; operators set production ones. */
  registerSandboxAccount(owner: MerchantScope, input: WithdrawalAccountInput): Promise<WithdrawalAccountView> {
    if (owner.environment !== 'development') {
      throw new DomainError(
        'REQUEST_FORBIDDEN_ERROR',
        'Production withdrawal accounts are registered by Palladium operators; contact support to change yours',
      );
    }
    return this.setAccount(owner, input);
  }

  async setAccount(owner: MerchantScope, input: WithdrawalAccountInput): Promise<WithdrawalAccountView> {
    this.banks.requireDisbursementBank(input.bankCode);
    if (!/^[0-9]{5,34}$/.test(input.accountNumber)) {
      throw new DomainError('API_VALIDATION_ERROR', 'account_number must be 5 to 34 digits', [
        { field: 'account_number', message: 'account_number must be 5 to 34 digits' },
      ]);
    }
    return withdrawalAccountView(await this.withdrawalRows.saveAccount(owner, input));
  }

  async getAccount(owner: MerchantScope): Promise<WithdrawalAccountView> {
    return withdrawalAccountView(await this.account(owner));
  }

  /** Reserves the amount in the income wallet; fails with INSUFFICIENT_BALANCE and creates nothing. */
  @Transactional()
  async request(owner: MerchantScope, amount: number): Promise<WithdrawalView> {
    const account = await this.account(owner);
    const bank = this.banks.requireDisbursementBank(account.bank_code);
    assertAmountWithin(amount, bank.minAmount, bank.maxAmount, bank.code);
    const withdrawal = await this.withdrawalRows.insert(newResourceId(), account, amount);
    const reservationId = await this.money.reserveWithdrawal(owner, withdrawal.id, amount);
    // The payout goes the disbursement path: the sandbox pays development withdrawals. In
    // production the route is `manual` whatever providers are configured: an operator pays it
    // by hand and records the outcome (markPaid / markFailed).
    await this.payouts.open({
      id: newResourceId(),
      scope: owner,
      source: 'withdrawal',
      externalId: withdrawal.id,
      bankCode: withdrawal.bank_code,
      accountName: withdrawal.account_name,
      accountNumber: withdrawal.account_number,
      description: `Withdrawal ${withdrawal.id}`,
      amount,
      route: [owner.environment === 'development' ? 'sandbox' : 'manual'],
      withdrawalId: withdrawal.id,
      reservationId,
    });
    return this.idempotency.recordResponse(withdrawalView(withdrawal));
  }

  async get(owner: MerchantScope, id: string): Promise<WithdrawalView> {
    const withdrawal = isResourceId(id) ? await this.withdrawalRows.findForMerchant(owner, id) : undefined;
    if (!withdrawal) throw new DomainError('WITHDRAWAL_NOT_FOUND_ERROR', `No withdrawal with id ${id}`);
    return withdrawalView(withdrawal);
  }

  list(owner: MerchantScope, query: { limit?: number; cursor?: string; status?: WithdrawalStatus }): Promise<Page<WithdrawalView>> {
    return this.withdrawalRows.page({ owner, status: query.status }, query, withdrawalView);
  }

  listAll(query: { limit?: number; cursor?: string; status?: WithdrawalStatus }): Promise<Page<AdminWithdrawalView>> {
    return this.withdrawalRows.page({ status: query.status }, query, adminWithdrawalView);
  }

  /** Any merchant's withdrawal, for operators (four-eyes rules look at its amount and environment). */
  async adminGet(id: string): Promise<AdminWithdrawalView> {
    const withdrawal = isResourceId(id) ? await this.withdrawalRows.find(id) : undefined;
    if (!withdrawal) throw new DomainError('WITHDRAWAL_NOT_FOUND_ERROR', `No withdrawal with id ${id}`);
    return adminWithdrawalView(withdrawal);
  }

  /** An operator paid the withdrawal by hand: its payout completes (the reservation is posted). */
  markPaid(id: string): Promise<AdminWithdrawalView> {
    return this.finishPayout(id, { status: 'done' });
  }

  /** The payout failed: the reservation is voided and the money is withdrawable again. */
  markFailed(id: string, reason: string): Promise<AdminWithdrawalView> {
    return this.finishPayout(id, { status: 'failed', failureCode: 'TRANSFER_ERROR', reason });
  }

  private async account(owner: MerchantScope): Promise<WithdrawalAccountRow> {
    const account = await this.withdrawalRows.findAccount(owner);
    if (!account) {
      throw new DomainError('WITHDRAWAL_ACCOUNT_NOT_FOUND_ERROR', `No withdrawal bank account is registered for ${owner.environment}`);
    }
    return account;
  }

  /**
   * Finishes the withdrawal's payout. PayoutsService locks the payout, then the withdrawal,
   * the same order the sandbox uses, so an operator and the sandbox never deadlock.
   */
  @Transactional()
  private async finishPayout(id: string, outcome: PayoutOutcome): Promise<AdminWithdrawalView> {
    const payout = isResourceId(id) ? await this.payoutRows.findByWithdrawal(id) : undefined;
    if (!payout) throw new DomainError('WITHDRAWAL_NOT_FOUND_ERROR', `No withdrawal with id ${id}`);
    // From here the withdrawal exists: it was created with its payout.
    try {
      await this.payouts.finish(payout.id, outcome);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'DISBURSEMENT_ALREADY_COMPLETED_ERROR') {
        const current = (await this.withdrawalRows.find(id))!;
        throw new DomainError('WITHDRAWAL_ALREADY_COMPLETED_ERROR', `Withdrawal ${id} is already ${current.status}`);
      }
      throw error;
    }
    return adminWithdrawalView((await this.withdrawalRows.find(id))!);
  }
}

import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import type { MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { assertAmountWithin } from '../../common/validation/amount-range';
import { isResourceId, newResourceId } from '../../common/ids';
import type { Page } from '../../common/pagination';
import { pageNewestFirst } from '../../database/paginate';
import { MoneyMovementsService } from '../../wallets/money-movements.service';
import { WithdrawalAccount } from './withdrawal-account.entity';
import type { PayoutOutcome } from '../payouts/payout-rules';
import { PayoutsService } from '../payouts/payouts.service';
import { Withdrawal, WithdrawalStatus } from './withdrawal.entity';
import { adminWithdrawalView, AdminWithdrawalView, withdrawalView, WithdrawalAccountView, WithdrawalView } from './withdrawal.views';

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
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly money: MoneyMovementsService,
    private readonly banks: BankRegistryService,
    private readonly payouts: PayoutsService,
  ) {}

  private get withdrawals() {
    return this.txHost.tx.getRepository(Withdrawal);
  }

  private get accounts() {
    return this.txHost.tx.getRepository(WithdrawalAccount);
  }

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
    await this.accounts.upsert(
      {
        merchantId: owner.merchantId,
        environment: owner.environment,
        bankCode: input.bankCode,
        accountNumber: input.accountNumber,
        accountName: input.accountName,
      },
      ['merchantId', 'environment'],
    );
    return this.getAccount(owner);
  }

  async getAccount(owner: MerchantScope): Promise<WithdrawalAccountView> {
    const account = await this.accounts.findOneBy({ merchantId: owner.merchantId, environment: owner.environment });
    if (!account) {
      throw new DomainError(
        'WITHDRAWAL_ACCOUNT_NOT_FOUND_ERROR',
        `No withdrawal bank account is registered for ${owner.environment}`,
      );
    }
    return {
      bank_code: account.bankCode,
      account_number: account.accountNumber,
      account_name: account.accountName,
      updated: account.updatedAt.toISOString(),
    };
  }

  /** Reserves the amount in the income wallet; fails with INSUFFICIENT_BALANCE and creates nothing. */
  @Transactional()
  async request(owner: MerchantScope, amount: number): Promise<WithdrawalView> {
    const account = await this.getAccount(owner);
    const bank = this.banks.requireDisbursementBank(account.bank_code);
    assertAmountWithin(amount, bank.minAmount, bank.maxAmount, bank.code);
    const withdrawal = this.withdrawals.create({
      id: newResourceId(),
      merchantId: owner.merchantId,
      environment: owner.environment,
      amount,
      bankCode: account.bank_code,
      accountNumber: account.account_number,
      accountName: account.account_name,
      status: 'pending',
    });
    await this.withdrawals.insert(withdrawal);
    const reservationId = await this.money.reserveWithdrawal(owner, withdrawal.id, amount);
    // The payout goes the disbursement path: the sandbox pays development withdrawals; in
    // production an operator pays it until a payout provider is configured.
    await this.payouts.open({
      id: newResourceId(),
      scope: owner,
      source: 'withdrawal',
      externalId: withdrawal.id,
      bankCode: withdrawal.bankCode,
      accountName: withdrawal.accountName,
      accountNumber: withdrawal.accountNumber,
      description: `Withdrawal ${withdrawal.id}`,
      amount,
      route: [owner.environment === 'development' ? 'sandbox' : 'manual'],
      withdrawalId: withdrawal.id,
      reservationId,
    });
    return withdrawalView(await this.withdrawals.findOneByOrFail({ id: withdrawal.id }));
  }

  async get(owner: MerchantScope, id: string): Promise<WithdrawalView> {
    const withdrawal = isResourceId(id)
      ? await this.withdrawals.findOneBy({ id, merchantId: owner.merchantId, environment: owner.environment })
      : null;
    if (!withdrawal) throw new DomainError('WITHDRAWAL_NOT_FOUND_ERROR', `No withdrawal with id ${id}`);
    return withdrawalView(withdrawal);
  }

  list(owner: MerchantScope, query: { limit?: number; cursor?: string; status?: WithdrawalStatus }): Promise<Page<WithdrawalView>> {
    return this.page(query, withdrawalView, owner);
  }

  listAll(query: { limit?: number; cursor?: string; status?: WithdrawalStatus }): Promise<Page<AdminWithdrawalView>> {
    return this.page(query, adminWithdrawalView);
  }

  /** An operator paid the withdrawal by hand: its payout completes (the reservation is posted). */
  markPaid(id: string): Promise<AdminWithdrawalView> {
    return this.finishPayout(id, { status: 'done' });
  }

  /** The payout failed: the reservation is voided and the money is withdrawable again. */
  markFailed(id: string, reason: string): Promise<AdminWithdrawalView> {
    return this.finishPayout(id, { status: 'failed', failureCode: 'TRANSFER_ERROR', reason });
  }

  /**
   * Finishes the withdrawal's payout. PayoutsService locks the payout, then the withdrawal,
   * the same order the sandbox uses, so an operator and the sandbox never deadlock.
   */
  @Transactional()
  private async finishPayout(id: string, outcome: PayoutOutcome): Promise<AdminWithdrawalView> {
    const [payout] = isResourceId(id) ? await this.txHost.tx.query('SELECT id FROM disbursements WHERE withdrawal_id = $1', [id]) : [];
    if (!payout) throw new DomainError('WITHDRAWAL_NOT_FOUND_ERROR', `No withdrawal with id ${id}`);
    try {
      await this.payouts.finish(payout.id, outcome);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'DISBURSEMENT_ALREADY_COMPLETED_ERROR') {
        const current = await this.withdrawals.findOneByOrFail({ id });
        throw new DomainError('WITHDRAWAL_ALREADY_COMPLETED_ERROR', `Withdrawal ${id} is already ${current.status}`);
      }
      throw error;
    }
    return adminWithdrawalView(await this.withdrawals.findOneByOrFail({ id }));
  }

  private page<T>(
    query: { limit?: number; cursor?: string; status?: WithdrawalStatus },
    toView: (row: Withdrawal) => T,
    owner?: MerchantScope,
  ): Promise<Page<T>> {
    const builder = this.withdrawals.createQueryBuilder('w');
    if (owner) builder.andWhere('w.merchant_id = :merchantId AND w.environment = :environment', owner);
    if (query.status) builder.andWhere('w.status = :status', { status: query.status });
    return pageNewestFirst(builder, query, toView);
  }
}

import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import { CallbacksService } from '../../callbacks/outbox/callbacks.service';
import type { MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { assertAmountWithin } from '../../common/validation/amount-range';
import { isResourceId, newResourceId } from '../../common/ids';
import { AppConfig } from '../../config/app-config';
import { ProviderRegistry } from '../../providers/provider-registry.service';
import { virtualAccountView, VirtualAccountRow, VirtualAccountView } from '../payable-resource';
import { assertChannelAmount, defaultExpiration, futureExpiration, PayableInput, resolveName, sandboxPayAt } from '../payable-input';
import { queryRows } from '../../database/query-rows';

export interface NewVirtualAccountInput extends PayableInput {
  bankCode: string;
  isSingleUse: boolean;
}

const MAX_NUMBER_ATTEMPTS = 10;

@Injectable()
export class VirtualAccountsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly banks: BankRegistryService,
    private readonly providers: ProviderRegistry,
    private readonly callbacks: CallbacksService,
    private readonly config: AppConfig,
  ) {}

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.txHost.tx, sql, parameters);
  }

  /**
   * Opens the account at the provider, then stores it and emits virtual_account.created.
   * The provider is called with no row locked, so a slow provider holds up only this request.
   */
  async create(scope: MerchantScope, input: NewVirtualAccountInput): Promise<VirtualAccountView> {
    const bank = this.banks.requireVirtualAccountBank(input.bankCode);
    assertChannelAmount(bank, input.amount);
    const name = resolveName(input);
    const expirationDate = input.expirationDate ? futureExpiration(input.expirationDate) : defaultExpiration();
    const provider = this.providers.moneyIn(scope.environment, 'virtual_account');
    const id = newResourceId();
    const accountName = `${this.config.vaAccountNamePrefix}${name}`;

    for (let attempt = 0; attempt < MAX_NUMBER_ATTEMPTS; attempt++) {
      const opened = await provider.createVirtualAccount(
        { id, environment: scope.environment, bankCode: bank.code, providerBankCode: bank.xenditCode, accountName, amount: input.amount, isSingleUse: input.isSingleUse, expirationDate },
        attempt,
      );
      const view = await this.store(scope, [id, scope.merchantId, scope.environment, input.externalId, name, input.amount, input.isSingleUse, expirationDate,
        provider.name, opened.providerReference, sandboxPayAt(scope, this.config), bank.code, accountName, opened.accountNumber]);
      if (view) return view;
    }
    throw new Error(`No free ${bank.code} account number after ${MAX_NUMBER_ATTEMPTS} attempts`);
  }

  /** Stores an opened account; undefined when its number is taken (the sandbox then draws another). */
  @Transactional()
  private async store(scope: MerchantScope, values: unknown[]): Promise<VirtualAccountView | undefined> {
    const [row] = await this.query<VirtualAccountRow>(
      `INSERT INTO virtual_accounts (id, merchant_id, environment, external_id, name, expected_amount, is_single_use, status,
                                     expiration_date, provider, provider_reference, sandbox_pay_at, bank_code, account_name, account_number)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'unpaid', $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (bank_code, account_number) DO NOTHING RETURNING *`,
      values,
    );
    if (!row) return undefined;
    const view = virtualAccountView(row);
    await this.callbacks.emit(scope, 'virtual_account.created', row.id, row.id, view);
    return view;
  }

  async get(scope: MerchantScope, id: string): Promise<VirtualAccountView> {
    return virtualAccountView(await this.find(scope, id));
  }

  async findByExternalId(scope: MerchantScope, externalId: string): Promise<VirtualAccountView[]> {
    const rows = await this.query<VirtualAccountRow>(
      `SELECT * FROM virtual_accounts WHERE merchant_id = $1 AND environment = $2 AND external_id = $3
       ORDER BY created_at DESC, id DESC LIMIT 100`,
      [scope.merchantId, scope.environment, externalId],
    );
    return rows.map(virtualAccountView);
  }

  /**
   * Changes the expected amount and/or expiration date, as Xendit allows for fixed VAs:
   * at the provider first (no row locked meanwhile), then here, re-checked under the lock.
   */
  async update(scope: MerchantScope, id: string, changes: { amount?: number; expirationDate?: string }): Promise<VirtualAccountView> {
    const current = await this.find(scope, id);
    this.assertUpdatable(current);
    const bank = this.banks.requireVirtualAccountBank(current.bank_code);
    if (changes.amount !== undefined) assertAmountWithin(changes.amount, bank.minAmount, bank.maxUpdateAmount, `an update of ${bank.code} virtual accounts`);
    const expirationDate = changes.expirationDate ? futureExpiration(changes.expirationDate) : undefined;
    await this.providers
      .moneyIn(scope.environment, 'virtual_account')
      .updateVirtualAccount({ providerReference: current.provider_reference, amount: changes.amount, expirationDate });
    return this.applyUpdate(scope, id, changes.amount, expirationDate);
  }

  @Transactional()
  private async applyUpdate(scope: MerchantScope, id: string, amount: number | undefined, expirationDate: Date | undefined): Promise<VirtualAccountView> {
    this.assertUpdatable(await this.find(scope, id, true));
    const [row] = await this.query<VirtualAccountRow>(
      `UPDATE virtual_accounts SET expected_amount = coalesce($2, expected_amount), expiration_date = coalesce($3, expiration_date),
              updated_at = now()
       WHERE id = $1 RETURNING *`,
      [id, amount ?? null, expirationDate ?? null],
    );
    return virtualAccountView(row);
  }

  private assertUpdatable(account: VirtualAccountRow): void {
    if (account.is_single_use && account.status !== 'unpaid') {
      throw new DomainError('VIRTUAL_ACCOUNT_NOT_UPDATABLE_ERROR', 'A single-use virtual account cannot be changed once paid');
    }
  }

  private async find(scope: MerchantScope, id: string, lock = false): Promise<VirtualAccountRow> {
    const [row] = isResourceId(id)
      ? await this.query<VirtualAccountRow>(
          `SELECT * FROM virtual_accounts WHERE id = $1 AND merchant_id = $2 AND environment = $3${lock ? ' FOR UPDATE' : ''}`,
          [id, scope.merchantId, scope.environment],
        )
      : [];
    if (!row) throw new DomainError('VIRTUAL_ACCOUNT_NOT_FOUND_ERROR', `No virtual account with id ${id}`);
    return row;
  }
}

import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import type { MerchantScope } from '../../common/environment';
import type { ResourceListFilter } from '../../common/resource-list-query';
import { DomainError } from '../../common/errors/domain-error';
import { assertAmountWithin } from '../../common/validation/amount-range';
import { AppConfig } from '../../config/app-config';
import { ProviderRegistry } from '../../providers/provider-registry.service';
import { PayableCreationService, PayableKind } from '../payable-creation.service';
import { futureExpiration, PayableInput } from '../payable-input';
import { PayableStatus, recorded, Recorded, virtualAccountView, VirtualAccountRow, VirtualAccountView } from '../payable-resource';
import { VirtualAccountsRepository } from './virtual-accounts.repository';

export interface NewVirtualAccountInput extends PayableInput {
  bankCode: string;
  isSingleUse: boolean;
}

@Injectable()
export class VirtualAccountsService {
  private readonly kind: PayableKind<VirtualAccountRow, VirtualAccountView>;

  constructor(
    private readonly accounts: VirtualAccountsRepository,
    private readonly creation: PayableCreationService,
    private readonly banks: BankRegistryService,
    private readonly providers: ProviderRegistry,
    private readonly config: AppConfig,
  ) {
    this.kind = { type: 'virtual_account', repository: accounts, view: virtualAccountView, createdEvent: 'virtual_account.created' };
  }

  /** Opens the account at the provider, then stores it and emits virtual_account.created. */
  async create(scope: MerchantScope, input: NewVirtualAccountInput): Promise<VirtualAccountView> {
    const bank = this.banks.requireVirtualAccountBank(input.bankCode);
    return this.creation.create(scope, this.kind, input, {
      channel: bank,
      drawn: `${bank.code} account number`,
      open: async (provider, { name, ...resource }, attempt) => {
        const accountName = `${this.config.vaAccountNamePrefix}${name}`;
        const opened = await provider.createVirtualAccount({ ...resource, bankCode: bank.code, providerBankCode: bank.xenditCode, accountName }, attempt);
        return { providerReference: opened.providerReference, own: { bank_code: bank.code, account_name: accountName, account_number: opened.accountNumber } };
      },
    });
  }

  async get(scope: MerchantScope, id: string): Promise<Recorded<VirtualAccountView>> {
    const row = await this.find(scope, id);
    return recorded(virtualAccountView(row), row);
  }

  async list(scope: MerchantScope, status: PayableStatus | undefined, filter: ResourceListFilter): Promise<Recorded<VirtualAccountView>[]> {
    return (await this.accounts.list(scope, status, filter)).map((row) => recorded(virtualAccountView(row), row));
  }

  /**
   * Changes the expected amount and/or expiration date, as Xendit allows for fixed VAs:
   * at the provider first (never inside a transaction: no row locked meanwhile), then here,
   * re-checked under the lock.
   */
  @Transactional(Propagation.Never)
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
    this.assertUpdatable(this.found(id, await this.accounts.lockForUpdate(scope, id)));
    return virtualAccountView(await this.accounts.updateTerms(id, amount, expirationDate));
  }

  private assertUpdatable(account: VirtualAccountRow): void {
    if (account.is_single_use && account.status !== 'unpaid') {
      throw new DomainError('VIRTUAL_ACCOUNT_NOT_UPDATABLE_ERROR', 'A single-use virtual account cannot be changed once paid');
    }
  }

  private async find(scope: MerchantScope, id: string): Promise<VirtualAccountRow> {
    return this.found(id, await this.accounts.findForMerchant(scope, id));
  }

  private found(id: string, row: VirtualAccountRow | undefined): VirtualAccountRow {
    if (!row) throw new DomainError('VIRTUAL_ACCOUNT_NOT_FOUND_ERROR', `No virtual account with id ${id}`);
    return row;
  }
}

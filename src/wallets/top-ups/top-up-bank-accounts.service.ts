import { Injectable } from '@nestjs/common';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import type { Environment } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { isUuid } from '../../common/ids';
import { TopUpBankAccountRow, TopUpBankAccountsRepository } from './top-up-bank-accounts.repository';
import type { AdminTopUpBankAccountDto, TopUpBankAccountDto } from './top-ups.dto';

/**
 * The bank accounts merchants transfer top-ups into: operators add and retire them per
 * environment; merchants (API, dashboard) see the active ones of their key's environment.
 */
@Injectable()
export class TopUpBankAccountsService {
  constructor(
    private readonly accounts: TopUpBankAccountsRepository,
    private readonly banks: BankRegistryService,
  ) {}

  async forMerchants(environment: Environment): Promise<TopUpBankAccountDto[]> {
    return (await this.accounts.list({ environment, activeOnly: true })).map((row) => this.view(row));
  }

  async forOperators(): Promise<AdminTopUpBankAccountDto[]> {
    return (await this.accounts.list({ activeOnly: false })).map((row) => this.adminView(row));
  }

  async add(input: { environment: Environment; bankCode: string; accountNumber: string; accountName: string }): Promise<AdminTopUpBankAccountDto> {
    // The HTTP DTO checks these too; the CLI comes straight here.
    if (!/^[0-9]{5,34}$/.test(input.accountNumber)) {
      throw new DomainError('API_VALIDATION_ERROR', 'account_number must be 5 to 34 digits', [{ field: 'account_number', message: 'must be 5 to 34 digits' }]);
    }
    if (!input.accountName.trim() || input.accountName.length > 100) {
      throw new DomainError('API_VALIDATION_ERROR', 'account_name must be 1 to 100 characters', [{ field: 'account_name', message: 'must be 1 to 100 characters' }]);
    }
    const bank = this.banks.requireDisbursementBank(input.bankCode);
    const row = await this.accounts.add({ environment: input.environment, bank_code: bank.code, account_number: input.accountNumber, account_name: input.accountName.trim() });
    if (!row) {
      throw new DomainError('DUPLICATE_TOP_UP_BANK_ACCOUNT_ERROR', `${bank.code} ${input.accountNumber} is already an active ${input.environment} top-up account`);
    }
    return this.adminView(row);
  }

  async retire(id: string): Promise<AdminTopUpBankAccountDto> {
    const row = isUuid(id) ? await this.accounts.retire(id) : undefined;
    if (!row) throw new DomainError('TOP_UP_BANK_ACCOUNT_NOT_FOUND_ERROR', `No active top-up bank account with id ${id}`);
    return this.adminView(row);
  }

  private view(row: TopUpBankAccountRow): TopUpBankAccountDto {
    return {
      id: row.id,
      bank_code: row.bank_code,
      bank_name: this.banks.requireDisbursementBank(row.bank_code).name,
      account_number: row.account_number,
      account_name: row.account_name,
    };
  }

  private adminView(row: TopUpBankAccountRow): AdminTopUpBankAccountDto {
    return {
      ...this.view(row),
      environment: row.environment,
      active: row.active,
      created: row.created_at.toISOString(),
      retired: row.retired_at?.toISOString() ?? null,
    };
  }
}

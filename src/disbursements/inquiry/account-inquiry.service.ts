import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BankRegistryService, DisbursementBank } from '../../bank-registry/bank-registry.service';
import type { MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { ProviderRegistry } from '../../providers/provider-registry.service';
import { SANDBOX_INVALID_ACCOUNT_SUFFIX } from '../payouts/payout-rules';

/** Deterministic sandbox holders: the same number always answers the same name. */
const SANDBOX_NAMES = ['BUDI SANTOSO', 'SITI RAHAYU', 'AGUS SETIAWAN', 'DEWI LESTARI', 'RUDI HARTONO', 'NUR AINI', 'JOKO WIDODO', 'ANI SUSANTI'];

/**
 * Who holds a bank account (Duitku's inquiry step), before sending money to it. In
 * production a configured provider that serves the bank answers (Duitku); in the sandbox
 * an account number ending in 000 does not exist and any other answers a fixed name.
 */
@Injectable()
export class AccountInquiryService {
  constructor(
    private readonly banks: BankRegistryService,
    private readonly providers: ProviderRegistry,
  ) {}

  async inquire(scope: MerchantScope, bankCode: string, accountNumber: string): Promise<{ bank_code: string; account_number: string; account_name: string }> {
    const bank = this.banks.requireDisbursementBank(bankCode);
    if (scope.environment === 'production') return this.inquireUpstream(bank, accountNumber);
    if (accountNumber.endsWith(SANDBOX_INVALID_ACCOUNT_SUFFIX)) {
      throw new DomainError('ACCOUNT_NOT_FOUND_ERROR', `${bank.code} reports no account ${accountNumber}`);
    }
    const index = createHash('sha256').update(`${bank.code}:${accountNumber}`).digest()[0] % SANDBOX_NAMES.length;
    return { bank_code: bank.code, account_number: accountNumber, account_name: SANDBOX_NAMES[index] };
  }

  private async inquireUpstream(bank: DisbursementBank, accountNumber: string) {
    const codes = { bankCode: bank.code, duitkuBankCode: bank.duitkuCode };
    const inquiry = this.providers.accountInquiry(codes);
    if (!inquiry) {
      throw new DomainError('PROVIDER_NOT_CONFIGURED_ERROR', `No upstream provider is configured for production account inquiries at ${bank.code}`);
    }
    const answer = await inquiry.lookupAccount({ ...codes, accountNumber, amount: bank.minAmount });
    if (answer.kind === 'not_found') throw new DomainError('ACCOUNT_NOT_FOUND_ERROR', `${bank.code} reports no account ${accountNumber}`);
    if (answer.kind === 'unavailable') {
      throw new DomainError('PROVIDER_UNAVAILABLE_ERROR', `The account inquiry could not be completed (${answer.reason}); please retry`);
    }
    return { bank_code: bank.code, account_number: accountNumber, account_name: answer.accountName };
  }
}

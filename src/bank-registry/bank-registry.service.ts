import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { DISBURSEMENT_BANKS, DISBURSEMENT_MIN_AMOUNT, DisbursementBankRecord } from './disbursement-banks.data';
import {
  RETAIL_OUTLETS,
  RetailOutletRecord,
  VIRTUAL_ACCOUNT_BANKS,
  VirtualAccountBankRecord,
} from './payment-channels.data';

export interface DisbursementBank extends DisbursementBankRecord {
  minAmount: number;
}

export interface VirtualAccountBank extends VirtualAccountBankRecord {
  available: boolean;
}

/** Which banks and outlets each product supports, with their limits and provider codes. */
@Injectable()
export class BankRegistryService {
  private readonly disbursementBanks: ReadonlyMap<string, DisbursementBank>;
  private readonly virtualAccountBanks: ReadonlyMap<string, VirtualAccountBank>;
  private readonly retailOutlets: ReadonlyMap<string, RetailOutletRecord>;

  constructor(config: AppConfig) {
    this.disbursementBanks = new Map(
      DISBURSEMENT_BANKS.map((bank) => [bank.code, { ...bank, minAmount: DISBURSEMENT_MIN_AMOUNT }]),
    );
    const enabledByConfig: Record<string, boolean> = { BCA: config.vaBcaEnabled };
    this.virtualAccountBanks = new Map(
      VIRTUAL_ACCOUNT_BANKS.map((bank) => [
        bank.code,
        { ...bank, available: !bank.comingSoon || enabledByConfig[bank.code] === true },
      ]),
    );
    this.retailOutlets = new Map(RETAIL_OUTLETS.map((outlet) => [outlet.name, outlet]));
  }

  listDisbursementBanks(): DisbursementBank[] {
    return [...this.disbursementBanks.values()];
  }

  listVirtualAccountBanks(): VirtualAccountBank[] {
    return [...this.virtualAccountBanks.values()];
  }

  listRetailOutlets(): RetailOutletRecord[] {
    return [...this.retailOutlets.values()];
  }

  requireDisbursementBank(code: string): DisbursementBank {
    const bank = this.disbursementBanks.get(code);
    if (!bank) {
      throw new DomainError(
        'BANK_NOT_SUPPORTED_ERROR',
        `bank_code ${code} is not supported for disbursements; GET /api/v2/banks lists the supported codes`,
      );
    }
    return bank;
  }

  requireVirtualAccountBank(code: string): VirtualAccountBank {
    const bank = this.virtualAccountBanks.get(code);
    if (!bank) {
      const codes = [...this.virtualAccountBanks.keys()].join(', ');
      throw new DomainError('BANK_NOT_SUPPORTED_ERROR', `bank_code ${code} is not supported for virtual accounts (${codes})`);
    }
    if (!bank.available) {
      throw new DomainError('BANK_COMING_SOON_ERROR', `${bank.code} virtual accounts are coming soon and cannot be created yet`);
    }
    return bank;
  }

  requireRetailOutlet(name: string): RetailOutletRecord {
    const outlet = this.retailOutlets.get(name);
    if (!outlet) {
      const names = [...this.retailOutlets.keys()].join(', ');
      throw new DomainError('RETAIL_OUTLET_NOT_SUPPORTED_ERROR', `retail_outlet_name ${name} is not supported (${names})`);
    }
    return outlet;
  }
}

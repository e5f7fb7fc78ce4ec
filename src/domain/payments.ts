import type { Environment } from '../common/environment';

/** What money comes in on: a virtual account or a retail (Alfamart) payment code. */
export type MoneyInProduct = 'virtual_account' | 'retail_payment';

export interface NewVirtualAccount {
  id: string;
  environment: Environment;
  bankCode: string;
  /** The provider's code for the bank (our BSS is Xendit's SAHABAT_SAMPOERNA). */
  providerBankCode: string;
  accountName: string;
  amount: number;
  isSingleUse: boolean;
  expirationDate: Date;
}

export interface NewRetailPaymentCode {
  id: string;
  environment: Environment;
  retailOutletName: string;
  name: string;
  amount: number;
  isSingleUse: boolean;
  expirationDate: Date;
}

export interface VirtualAccountChanges {
  providerReference: string | null;
  amount?: number;
  expirationDate?: Date;
}

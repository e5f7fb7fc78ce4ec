import type { Environment } from '../common/environment';

export type ProviderName = 'sandbox' | 'xendit' | 'duitku';

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

/**
 * What Palladium needs from an upstream provider to receive money. The sandbox adapter
 * plays the bank for the development environment; production adapters (Xendit) call the
 * provider's API. `ProviderRegistry` picks the adapter per environment and product.
 */
export abstract class PaymentProviderPort {
  abstract readonly name: ProviderName;

  /** Opens the account at the provider and returns its number; `attempt` > 0 asks for another number. */
  abstract createVirtualAccount(input: NewVirtualAccount, attempt: number): Promise<{ accountNumber: string; providerReference: string | null }>;

  abstract updateVirtualAccount(changes: VirtualAccountChanges): Promise<void>;

  abstract createRetailPaymentCode(input: NewRetailPaymentCode, attempt: number): Promise<{ paymentCode: string; providerReference: string | null }>;
}

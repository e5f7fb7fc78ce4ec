import type { NewRetailPaymentCode, NewVirtualAccount, MoneyInProduct, VirtualAccountChanges } from './payments';
import type { PayoutBank, PayoutOrder, PayoutState, PayoutStep } from './payouts';
import type { ProviderEvent } from './provider-events';

/**
 * An upstream provider's name as our records store it (payments, disbursements, provider
 * events, the ledger's clearing accounts): chosen once by its adapter, never renamed. The
 * database checks only its form (lower case, digits, underscores).
 */
export type ProviderName = string;

/*
 * The capabilities an adapter may offer, each looked up by ProviderRegistry by name and
 * configuration. Every call to a provider runs with no database transaction open.
 */

/** Opening virtual accounts and payment codes at the provider. */
export interface MoneyInPort {
  readonly name: ProviderName;
  readonly products: readonly MoneyInProduct[];
  /** Opens the account and returns its number; `attempt` > 0 asks for another number. */
  createVirtualAccount(input: NewVirtualAccount, attempt: number): Promise<{ accountNumber: string; providerReference: string | null }>;
  updateVirtualAccount(changes: VirtualAccountChanges): Promise<void>;
  createRetailPaymentCode(input: NewRetailPaymentCode, attempt: number): Promise<{ paymentCode: string; providerReference: string | null }>;
}

/** The provider's record of a payment it reported, for reconciliation. */
export interface PaymentLookupPort {
  readonly name: ProviderName;
  /** The provider's virtual account payment; null when the provider has none. */
  findVirtualAccountPayment(providerPaymentId: string): Promise<{ amount: number } | null>;
}

/**
 * Sending money. Each payout is a small state machine (PayoutState); the adapter tells the
 * dispatcher the next step from the current state, and the dispatcher stores every step's
 * result.
 */
export interface MoneyOutPort {
  readonly name: ProviderName;
  supportsBank(bank: PayoutBank): boolean;
  /** The bank code this provider is sent (and reports back) for the bank. */
  sentBankCode(bank: PayoutBank): string | null;
  nextStep(order: PayoutOrder, state: PayoutState): PayoutStep;
}

export type AccountLookup = { kind: 'found'; accountName: string } | { kind: 'not_found' } | { kind: 'unavailable'; reason: string };

/** Who holds a bank account, before money is sent to it. */
export interface AccountInquiryPort {
  readonly name: ProviderName;
  supportsBank(bank: PayoutBank): boolean;
  lookupAccount(account: PayoutBank & { accountNumber: string; amount: number }): Promise<AccountLookup>;
}

/** What we hold at the provider, against our provider-clearing account. */
export interface BalancePort {
  readonly name: ProviderName;
  balance(): Promise<number>;
}

/** Request headers as Node gives them. */
export type WebhookHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * The provider's webhooks: proof of their source, and their meaning in our terms. Each
 * check throws INVALID_WEBHOOK_SIGNATURE when the proof fails.
 */
export interface WebhookPort {
  readonly name: ProviderName;
  /** The provider as operators read it in an event's detail ("Xendit"). */
  readonly title: string;
  /** A proof carried in the headers (a token), checked before the body is read. */
  verifyHeaders?(headers: WebhookHeaders): void;
  /** A proof carried in the body (a signature over its fields), checked once it is parsed. */
  verifyBody?(body: object): void;
  /** The validated body (one of the adapter's webhook DTOs) as our event. */
  parse(body: object): ProviderEvent;
}

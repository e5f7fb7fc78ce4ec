import type { MoneyInProduct } from './payments';
import type { PayoutStepOutcome, ReportedPayout } from './payouts';

/**
 * What a provider webhook means to us, once its adapter has verified and parsed it. The
 * provider-webhooks module stores each one once in the inbox and applies it to our records,
 * after checking that what the provider reports agrees with them.
 */
export type ProviderEvent = PaymentReceived | AccountNoticed | PayoutReported;

interface InboxEntry {
  /** The provider's identity of this event: a second delivery of it changes nothing. */
  eventId: string;
  eventType: string;
  /** What the inbox keeps of the webhook (never a signature). */
  payload: object;
}

/** A fact the provider reports, in its own terms (its bank and outlet codes), to agree with our record. */
export interface ReportedFact<Fact extends string> {
  fact: Fact;
  value: string | number;
  /** The provider's words for it, for the conflict's detail: `bank_code BNI`. */
  said: string;
}

/** What a provider can report about each kind of resource that must agree with ours. */
export interface PayableFacts {
  virtual_account: 'bank' | 'account_number' | 'amount';
  retail_payment: 'retail_outlet' | 'payment_code' | 'amount';
}

/** Either every documented fact, or the first documented field the webhook left out (a conflict). */
export type Report<Facts> = { facts: Facts } | { missing: string };

export interface PaymentReceivedOn<Product extends MoneyInProduct> extends InboxEntry {
  kind: 'payment_received';
  product: Product;
  /** Our id of the account or code (the provider's external_id). */
  resourceId: string;
  /** The provider's id of the account or code: it must be the one we stored. */
  providerReference: string;
  /** The provider's id of the payment: the same payment is recorded once. */
  providerPaymentId: string;
  amount: number;
  paidAt?: Date;
  report: Report<ReportedFact<PayableFacts[Product]>[]>;
}

/** Money paid into one of our virtual accounts or payment codes. */
export type PaymentReceived = { [Product in MoneyInProduct]: PaymentReceivedOn<Product> }[MoneyInProduct];

/** A notice about one of our virtual accounts that moves no money (created, updated): kept, changes nothing. */
export interface AccountNoticed extends InboxEntry {
  kind: 'account_noticed';
  resourceId: string;
  providerReference: string;
  /** The provider's status of the account. */
  status: string;
}

/** A provider's outcome for a payout, found by our id or by the provider's reference. */
export interface PayoutReported extends InboxEntry {
  kind: 'payout_reported';
  match: { id: string } | { reference: string };
  outcome: PayoutStepOutcome;
  report: Report<ReportedPayout>;
}

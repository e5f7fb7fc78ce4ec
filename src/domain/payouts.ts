import type { FailureCode } from './failure-codes';

/**
 * Where a payout stands at its current provider. `submitting` is written (and committed)
 * before the call that can move money, so after a crash the payout is checked, never sent
 * again.
 */
export type PayoutStage = 'queued' | 'inquired' | 'submitting' | 'submitted';

export interface PayoutState {
  stage: PayoutStage;
  /** The provider's id for the payout (Duitku disburseId, Xendit disbursement id). */
  reference: string | null;
  /** What a later step needs from an earlier one (Duitku's inquiry answer). */
  data: Record<string, string | number> | null;
}

/**
 * The destination bank as the bank registry knows it: our code (which Xendit takes as it is)
 * and Duitku's numeric code, null where Duitku does not serve the bank.
 */
export interface PayoutBank {
  bankCode: string;
  duitkuBankCode: string | null;
}

export interface PayoutOrder extends PayoutBank {
  /** Our disbursement id: Xendit's external_id and idempotency key. */
  id: string;
  accountNumber: string;
  accountName: string;
  description: string;
  amount: number;
}

/** One request to a provider, as recorded on the disbursement (no secrets, no signatures). */
export interface ProviderCallRecord {
  operation: string;
  request: Record<string, unknown>;
  httpStatus: number | null;
  responseCode: string | null;
  error: string | null;
  durationMs: number;
}

export type PayoutStepOutcome =
  /** Go on at once with the next step (Duitku: inquiry done, now transfer). */
  | { kind: 'advanced'; state: PayoutState }
  /** The provider has it; check again later (or a callback arrives first). */
  | { kind: 'waiting'; state: PayoutState }
  | { kind: 'completed'; reference: string | null }
  /** Definitely no money moved. `failover`: another provider may try (not for a bad destination). */
  | { kind: 'failed'; failureCode: FailureCode; failover: boolean };

export interface PayoutStepResult {
  outcome: PayoutStepOutcome;
  /** Every request the step made, in order; the outcome is the last one's. */
  calls: ProviderCallRecord[];
}

export interface PayoutStep {
  /** True for the call that can move money: the dispatcher records `submitting` first. */
  movesMoney: boolean;
  run(): Promise<PayoutStepResult>;
}

/**
 * What a provider's report says about the payout itself, in the provider's own terms
 * (its bank code): each given fact must match what we sent, or the report changes nothing.
 */
export interface ReportedPayout {
  amount?: number;
  bankCode?: string;
  accountNumber?: string;
}

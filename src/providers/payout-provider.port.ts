/** Failure codes of payouts, named like Xendit's disbursement failure codes. */
export const FAILURE_CODES = [
  'INSUFFICIENT_BALANCE',
  'INVALID_DESTINATION',
  'REJECTED_BY_BANK',
  'TEMPORARY_BANK_NETWORK_ERROR',
  'SWITCHING_NETWORK_ERROR',
  'UNKNOWN_BANK_NETWORK_ERROR',
  'TRANSFER_ERROR',
  'TEMPORARY_TRANSFER_ERROR',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

export type UpstreamProvider = 'xendit' | 'duitku';

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

export interface PayoutOrder {
  /** Our disbursement id: Xendit's external_id and idempotency key. */
  id: string;
  bankCode: string;
  duitkuBankCode: string | null;
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

export interface ProviderBalance {
  provider: UpstreamProvider;
  balance: number;
}

/**
 * What Palladium needs from an upstream provider to send money. Each payout is a small
 * state machine (PayoutState); the adapter tells the dispatcher the next step from the
 * current state, and the dispatcher stores every step's result.
 */
export abstract class PayoutProviderPort {
  abstract readonly name: UpstreamProvider;

  abstract supportsBank(order: Pick<PayoutOrder, 'bankCode' | 'duitkuBankCode'>): boolean;

  abstract nextStep(order: PayoutOrder, state: PayoutState): PayoutStep;

  /** The balance the provider reports for our account (reconciliation). */
  abstract balance(): Promise<number>;
}

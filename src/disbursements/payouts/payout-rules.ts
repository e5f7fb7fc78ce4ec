import type { FailureCode } from '../../domain/failure-codes';

/** `reason`: an operator's words for a failed withdrawal payout. */
export type PayoutOutcome = { status: 'done' } | { status: 'failed'; failureCode: FailureCode; reason?: string };

export type PayoutSource = 'merchant' | 'withdrawal';

/** The spec's QA amount: a development disbursement of exactly this completes by itself. */
export const SANDBOX_COMPLETING_AMOUNT = 90_000;
/** Documented sandbox magic values for failures. */
export const SANDBOX_REJECTED_AMOUNT = 90_001;
export const SANDBOX_INVALID_ACCOUNT_SUFFIX = '000';

/**
 * What the sandbox bank does with a development payout after SANDBOX_DISBURSEMENT_SECONDS,
 * or undefined when it stays pending until simulated (the spec: "Pending by default").
 * Withdrawals to the merchant's own sandbox account always complete.
 */
export function sandboxOutcome(payout: { amount: number; accountNumber: string; source: PayoutSource }): PayoutOutcome | undefined {
  if (payout.source === 'withdrawal') return { status: 'done' };
  if (payout.accountNumber.endsWith(SANDBOX_INVALID_ACCOUNT_SUFFIX)) return { status: 'failed', failureCode: 'INVALID_DESTINATION' };
  if (payout.amount === SANDBOX_REJECTED_AMOUNT) return { status: 'failed', failureCode: 'REJECTED_BY_BANK' };
  if (payout.amount === SANDBOX_COMPLETING_AMOUNT) return { status: 'done' };
  return undefined;
}

export function encodeOutcome(outcome: PayoutOutcome): string {
  return outcome.status === 'done' ? 'done' : outcome.failureCode;
}

export function decodeOutcome(value: string): PayoutOutcome {
  return value === 'done' ? { status: 'done' } : { status: 'failed', failureCode: value as FailureCode };
}

import type { FailureCode } from '../../domain/failure-codes';
import type { PayoutState, PayoutStepOutcome } from '../../domain/payouts';
import { entryOf } from '../code-tables';

/** Xendit wants names of letters and spaces only. */
export function xenditName(name: string): string {
  return name.replace(/[^A-Za-z ]+/g, ' ').replace(/\s+/g, ' ').trim() || 'Palladium Customer';
}

/** A disbursement's `status` in Xendit's answers and callbacks. */
export type XenditDisbursementStatus = 'PENDING' | 'COMPLETED' | 'FAILED';

/** The `failure_code` of a FAILED disbursement (Disbursement Callback). */
export type XenditFailureCode =
  | 'INSUFFICIENT_BALANCE'
  | 'UNKNOWN_BANK_NETWORK_ERROR'
  | 'TEMPORARY_BANK_NETWORK_ERROR'
  | 'INVALID_DESTINATION'
  | 'SWITCHING_NETWORK_ERROR'
  | 'REJECTED_BY_BANK'
  | 'TRANSFER_ERROR'
  | 'TEMPORARY_TRANSFER_ERROR';

/** Create Disbursement errors answered with HTTP 4xx (its SERVER_ERROR is a 500: in doubt, looked up). */
export type XenditCreateDisbursementError =
  | 'API_VALIDATION_ERROR'
  | 'INVALID_JSON_FORMAT'
  | 'DISBURSEMENT_DESCRIPTION_NOT_FOUND_ERROR'
  | 'DIRECT_DISBURSEMENT_BALANCE_INSUFFICIENT_ERROR'
  | 'DUPLICATE_TRANSACTION_ERROR'
  | 'BANK_CODE_NOT_SUPPORTED_ERROR'
  | 'RECIPIENT_ACCOUNT_NUMBER_ERROR'
  | 'RECIPIENT_AMOUNT_ERROR'
  | 'MAXIMUM_TRANSFER_LIMIT_ERROR'
  | 'REQUEST_FORBIDDEN_ERROR';

/** Ours are named after Xendit's; spelled out so that either list can change alone. */
const FAILURE_CODES: Record<XenditFailureCode, FailureCode> = {
  INSUFFICIENT_BALANCE: 'INSUFFICIENT_BALANCE',
  UNKNOWN_BANK_NETWORK_ERROR: 'UNKNOWN_BANK_NETWORK_ERROR',
  TEMPORARY_BANK_NETWORK_ERROR: 'TEMPORARY_BANK_NETWORK_ERROR',
  INVALID_DESTINATION: 'INVALID_DESTINATION',
  SWITCHING_NETWORK_ERROR: 'SWITCHING_NETWORK_ERROR',
  REJECTED_BY_BANK: 'REJECTED_BY_BANK',
  TRANSFER_ERROR: 'TRANSFER_ERROR',
  TEMPORARY_TRANSFER_ERROR: 'TEMPORARY_TRANSFER_ERROR',
};

type Reported = { failureCode: unknown; reference: string; state: PayoutState };

/**
 * A FAILED disbursement was accepted by Xendit first, so it never fails over: once a payout
 * may have reached a provider it stays with that provider.
 */
const STATUS_OUTCOMES: Record<XenditDisbursementStatus, (reported: Reported) => PayoutStepOutcome> = {
  PENDING: ({ reference, state }) => ({ kind: 'waiting', state: { ...state, stage: 'submitted', reference } }),
  COMPLETED: ({ reference }) => ({ kind: 'completed', reference }),
  FAILED: ({ failureCode }) => ({ kind: 'failed', failureCode: entryOf(FAILURE_CODES, String(failureCode)) ?? 'UNKNOWN_BANK_NETWORK_ERROR', failover: false }),
};

/** Our outcome for a disbursement Xendit reports; a status it does not document is still with Xendit, like PENDING. */
export function xenditDisbursementOutcome(status: unknown, failureCode: unknown, reference: string, state: PayoutState): PayoutStepOutcome {
  return (entryOf(STATUS_OUTCOMES, status) ?? STATUS_OUTCOMES.PENDING)({ failureCode, reference, state });
}

type Refusal = { failureCode: FailureCode; failover: boolean } | 'look_up';

const TRANSFER_ERROR: Refusal = { failureCode: 'TRANSFER_ERROR', failover: true };

/**
 * A refused create moved no money, so another provider may try; not after a wrong
 * destination (no provider will do better), and a used idempotency key means an earlier
 * request arrived after all: it is looked up instead.
 */
const CREATE_REFUSALS: Record<XenditCreateDisbursementError, Refusal> = {
  API_VALIDATION_ERROR: TRANSFER_ERROR,
  INVALID_JSON_FORMAT: TRANSFER_ERROR,
  DISBURSEMENT_DESCRIPTION_NOT_FOUND_ERROR: TRANSFER_ERROR,
  // Our float at Xendit is short: another provider may have enough.
  DIRECT_DISBURSEMENT_BALANCE_INSUFFICIENT_ERROR: { failureCode: 'TEMPORARY_TRANSFER_ERROR', failover: true },
  DUPLICATE_TRANSACTION_ERROR: 'look_up',
  BANK_CODE_NOT_SUPPORTED_ERROR: TRANSFER_ERROR,
  RECIPIENT_ACCOUNT_NUMBER_ERROR: { failureCode: 'INVALID_DESTINATION', failover: false },
  RECIPIENT_AMOUNT_ERROR: TRANSFER_ERROR,
  MAXIMUM_TRANSFER_LIMIT_ERROR: TRANSFER_ERROR,
  REQUEST_FORBIDDEN_ERROR: TRANSFER_ERROR,
};

/** Our outcome for a create Xendit refused with HTTP 4xx and this error_code; an undocumented one is a transfer error. */
export function xenditCreateRefusalOutcome(errorCode: string): PayoutStepOutcome {
  const refusal = entryOf(CREATE_REFUSALS, errorCode) ?? TRANSFER_ERROR;
  return refusal === 'look_up' ? { kind: 'advanced', state: { stage: 'submitted', reference: null, data: null } } : { kind: 'failed', ...refusal };
}

/**
 * Why a payout failed, as merchants read it (disbursement.failed, withdrawal.failed). Named
 * like Xendit's disbursement failure codes, which the spec adopted; each adapter maps its
 * provider's codes onto these.
 */
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

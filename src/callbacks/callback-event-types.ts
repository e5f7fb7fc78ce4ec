/**
 * Every event Palladium calls merchants back for: the one list, used for validation,
 * Swagger and README. Later modules add their events here.
 */
export const CALLBACK_EVENT_TYPES = {
  'virtual_account.created': 'A virtual account was created.',
  'virtual_account.paid': 'A payer paid into a virtual account (status pending until settlement).',
  'retail_payment.created': 'An Alfamart payment code was created.',
  'retail_payment.paid': 'A payer paid an Alfamart payment code (status pending until settlement).',
  'payment.settled': 'A received payment was settled at 14:00 and is now in the income wallet (status done).',
  'disbursement.completed': 'A disbursement reached the recipient.',
  'disbursement.failed': 'A disbursement failed; its amount is back in the disburse wallet.',
  'batch_disbursement.completed': 'Every item of a batch disbursement has ended.',
  'top_up.approved': 'A top-up was approved and credited to the disburse wallet.',
  'top_up.rejected': 'A top-up was rejected.',
  'withdrawal.completed': 'A withdrawal was paid out to your bank account.',
  'withdrawal.failed': 'A withdrawal failed; its amount is back in the income wallet.',
} as const;

export type CallbackEventType = keyof typeof CALLBACK_EVENT_TYPES;

export const CALLBACK_EVENT_TYPE_NAMES = Object.keys(CALLBACK_EVENT_TYPES) as CallbackEventType[];

export function isCallbackEventType(value: string): value is CallbackEventType {
  return Object.hasOwn(CALLBACK_EVENT_TYPES, value);
}

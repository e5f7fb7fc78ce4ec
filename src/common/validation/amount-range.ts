import { DomainError } from '../errors/domain-error';

/** Money is a positive whole number of rupiah, exact in a JS number. */
export function isValidAmount(amount: unknown): amount is number {
  return typeof amount === 'number' && Number.isSafeInteger(amount) && amount > 0;
}

/** The bank's or outlet's limits for one amount, as a field error on `amount`. */
export function assertAmountWithin(amount: number, min: number, max: number, what: string): void {
  if (amount < min || amount > max) {
    throw new DomainError('API_VALIDATION_ERROR', `amount must be between ${min} and ${max} for ${what}`, [
      { field: 'amount', message: `amount must be between ${min} and ${max}` },
    ]);
  }
}

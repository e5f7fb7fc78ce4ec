import type { BankRegistryService } from '../bank-registry/bank-registry.service';
import type { MerchantScope } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { parseJakartaOrIso } from '../common/jakarta-time';
import { assertAmountWithin } from '../common/validation/amount-range';
import type { AppConfig } from '../config/app-config';

/** What creating a virtual account or a payment code shares. */
export interface PayableInput {
  externalId: string;
  /** The spec's curl sends `name`, its table says `account_name`: either is accepted. */
  name?: string;
  accountName?: string;
  amount: number;
  expirationDate?: string;
}

const FAR_FUTURE_YEARS = 31;

export function resolveName(input: { name?: string; accountName?: string }): string {
  const { name, accountName } = input;
  if (name && accountName && name !== accountName) {
    throw new DomainError('API_VALIDATION_ERROR', 'name and account_name differ; send one of them', [
      { field: 'account_name', message: 'name and account_name differ; send one of them' },
    ]);
  }
  const resolved = accountName ?? name;
  if (!resolved) {
    throw new DomainError('API_VALIDATION_ERROR', 'account_name (or name) is required', [
      { field: 'account_name', message: 'account_name (or name) is required' },
    ]);
  }
  return resolved;
}

/** A virtual account bank or a retail outlet, as the bank registry (its public surface) returns them. */
export type PayableChannel = ReturnType<BankRegistryService['requireVirtualAccountBank'] | BankRegistryService['requireRetailOutlet']>;

/**
 * The bank's or outlet's per-payment limits (Xendit's), for creating a virtual account or
 * payment code and for each sandbox payment into one alike.
 */
export function assertChannelAmount(channel: PayableChannel, amount: number): void {
  const what = 'code' in channel ? `${channel.code} virtual accounts` : `${channel.name} payment codes`;
  assertAmountWithin(amount, channel.minAmount, channel.maxAmount, what);
}

export function futureExpiration(value: string): Date {
  const date = parseJakartaOrIso('expiration_date', value);
  if (date <= new Date()) {
    throw new DomainError('API_VALIDATION_ERROR', 'expiration_date must be in the future', [
      { field: 'expiration_date', message: 'expiration_date must be in the future' },
    ]);
  }
  return date;
}

/** Like the spec's example: 31 years ahead, at midnight Asia/Jakarta. */
export function defaultExpiration(now = new Date()): Date {
  const jakarta = new Date(now.getTime() + 7 * 3600_000);
  const date = `${jakarta.getUTCFullYear() + FAR_FUTURE_YEARS}-${String(jakarta.getUTCMonth() + 1).padStart(2, '0')}-${String(jakarta.getUTCDate()).padStart(2, '0')}`;
  return new Date(`${date}T00:00:00+07:00`);
}

/** Development resources are paid by the sandbox after SANDBOX_UNPAID_SECONDS. */
export function sandboxPayAt(scope: MerchantScope, config: AppConfig): Date | null {
  return scope.environment === 'development' ? new Date(Date.now() + config.sandbox.unpaidSeconds * 1000) : null;
}

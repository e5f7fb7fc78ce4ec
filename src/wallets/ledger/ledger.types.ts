import type { ProviderName } from '../../domain/provider-ports';
import type { Environment } from '../../common/environment';
import type { JsonInteger } from '../../common/json-integer';

/** How a transfer moves the balance columns (TigerBeetle's two-phase model). */
export type TransferKind = 'posted' | 'pending' | 'post_pending' | 'void_pending';

/** What the money movement is, for statements and reports. */
export const TRANSFER_CODES = ['payment', 'settlement', 'disbursement', 'top_up', 'withdrawal', 'fee', 'reversal', 'provider_funding'] as const;
export type TransferCode = (typeof TRANSFER_CODES)[number];

export type WalletKind = 'income' | 'disburse';

/**
 * Where payments arrive and upstream payouts are paid from: our balance at each provider
 * (`provider_clearing:<name>`, opened by the provider's data migration).
 */
export type ClearingProvider = ProviderName;

/**
 * System accounts mirror money outside Palladium; one of each per environment. They never
 * need a balance check, so they are never locked: their movements are rolled up.
 */
export type SystemAccountCode = 'top_up_bank' | 'payout' | 'fees' | `provider_clearing:${ClearingProvider}`;

/**
 * Cumulative counters grow without bound (those of the shared system accounts fastest) and
 * pass 2^53, so they are bigint end to end; a single transfer's amount stays a number.
 */
export interface AccountBalances {
  debitsPending: bigint;
  debitsPosted: bigint;
  creditsPending: bigint;
  creditsPosted: bigint;
}

export interface LedgerAccount extends AccountBalances {
  id: string;
  code: string;
  environment: Environment;
  merchantId: string | null;
  kind: string;
}

export interface LedgerTransfer {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  kind: TransferKind;
  pendingId: string | null;
  code: TransferCode;
  reference: string;
  createdAt: Date;
}

export interface NewTransfer {
  /** Unique id derived from the business event (e.g. `top_up:<id>`): replaying it is a no-op. */
  id: string;
  /** Account codes (see accountCode). */
  debit: string;
  credit: string;
  amount: number;
  code: TransferCode;
  reference: string;
  /** Reserve now (pending), post or void later. */
  pending?: boolean;
}

export interface ResolvePending {
  id: string;
  pendingId: string;
}

export interface LedgerDifference {
  account_id: string;
  account_code: string;
  field: string;
  stored: JsonInteger;
  expected: JsonInteger;
}

export interface LedgerCheckReport {
  ok: boolean;
  checked_at: string;
  accounts_checked: number;
  transfers_checked: number;
  differences: LedgerDifference[];
}

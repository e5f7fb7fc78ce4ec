import type { Environment } from '../common/environment';
import type { WalletKind } from '../wallets/ledger/ledger.types';
import type { WalletBalance } from '../wallets/wallets.service';
import type { ApiKeyRow, MerchantRow } from './merchants.repository';

/** What merchants:create and POST /admin/merchants print: the only time keys are shown. */
export interface CreatedMerchantView {
  id: string;
  name: string;
  email: string;
  callback_token: string;
  api_keys: Record<Environment, string>;
}

export interface ApiKeySummaryView {
  hint: string;
  created_at: string;
}

export interface MerchantView {
  id: string;
  name: string;
  email: string;
  production_enabled: boolean;
  callback_token: string;
  created_at: string;
  /** When an operator suspended it (its keys and dashboard sessions refused); null when not suspended. */
  suspended_at: string | null;
  suspended_reason: string | null;
  api_keys: Record<Environment, ApiKeySummaryView | null>;
}

/** Both wallets of a merchant in each environment (exact bigint figures): what operators see of its money. */
export type MerchantWalletsView = Record<Environment, Record<WalletKind, WalletBalance>>;

/** What a signed-in person's session needs of its merchant. */
export interface MerchantProfileView {
  id: string;
  name: string;
  email: string;
  production_enabled: boolean;
}

export type ApiKeySummariesView = Record<Environment, ApiKeySummaryView | null>;

export function toMerchantView(merchant: MerchantRow, callbackToken: string, activeKeys: ApiKeyRow[]): MerchantView {
  const summary = (environment: Environment): ApiKeySummaryView | null => {
    const key = activeKeys.find((k) => k.environment === environment);
    return key ? { hint: `…${key.key_hint}`, created_at: key.created_at.toISOString() } : null;
  };
  return {
    id: merchant.id,
    name: merchant.name,
    email: merchant.email,
    production_enabled: merchant.production_enabled,
    callback_token: callbackToken,
    created_at: merchant.created_at.toISOString(),
    suspended_at: merchant.suspended_at?.toISOString() ?? null,
    suspended_reason: merchant.suspended_reason,
    api_keys: { development: summary('development'), production: summary('production') },
  };
}

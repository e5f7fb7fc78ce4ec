import type { Environment } from '../common/environment';
import type { ApiKey } from './api-key.entity';
import type { Merchant } from './merchant.entity';

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
  callback_token: string;
  created_at: string;
  api_keys: Record<Environment, ApiKeySummaryView | null>;
}

export function toMerchantView(merchant: Merchant, callbackToken: string, activeKeys: ApiKey[]): MerchantView {
  const summary = (environment: Environment): ApiKeySummaryView | null => {
    const key = activeKeys.find((k) => k.environment === environment);
    return key ? { hint: `…${key.keyHint}`, created_at: key.createdAt.toISOString() } : null;
  };
  return {
    id: merchant.id,
    name: merchant.name,
    email: merchant.email,
    callback_token: callbackToken,
    created_at: merchant.createdAt.toISOString(),
    api_keys: { development: summary('development'), production: summary('production') },
  };
}

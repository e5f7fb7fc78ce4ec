import type { Environment, MerchantScope } from '../common/environment';

/** Who is calling /api/v2, and in which environment: set by ApiKeyGuard from the key. */
export interface AuthenticatedMerchant extends MerchantScope {
  name: string;
  email: string;
  environment: Environment;
  apiKeyId: string;
}

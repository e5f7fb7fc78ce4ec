import type { Environment, MerchantScope } from '../../common/environment';
import type { SystemAccountCode, WalletKind } from './ledger.types';

/** The code of a merchant's wallet (unique, as the migrations write it). */
export const walletAccount = (scope: MerchantScope, kind: WalletKind): string => `merchant:${scope.merchantId}:${scope.environment}:${kind}`;

/** The code of a system account of one environment. */
export const systemAccount = (environment: Environment, code: SystemAccountCode): string => `${environment}:${code}`;

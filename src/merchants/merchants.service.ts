import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ENVIRONMENTS, type Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { DatabaseNotifications } from '../database/notifications';
import { AuditService } from '../audit/audit.service';
import type { RequestActor } from '../common/http/dashboard-api';
import { ApiKeyCache } from './api-key-cache';
import { API_KEY_REVOKED_CHANNEL, revocationPayload } from './api-key-revocation.listener';
import { apiKeyFromAuthorizationHeader, environmentOfApiKey, generateApiKey, hashApiKey, missingApiKeyError } from './api-key-format';
import { CallbackSettingsService } from '../callbacks/settings/callback-settings.service';
import { WalletsService } from '../wallets/wallets.service';
import { ApiKeySummariesView, CreatedMerchantView, MerchantProfileView, MerchantView, MerchantWalletsView, toMerchantView } from './merchant.views';
import { MerchantRow, MerchantsRepository } from './merchants.repository';
import { AuthenticatedMerchant } from '../common/http/merchant-api';

export interface NewMerchant {
  name: string;
  email: string;
  /** Whether its production key works from the start: true for operators' merchants, false for dashboard sign-ups. */
  productionEnabled?: boolean;
}

/** An operator's action without an HTTP request (the CLI). */
const OPERATOR: RequestActor = { person: null, requestId: null };

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class MerchantsService {
  constructor(
    private readonly merchants: MerchantsRepository,
    private readonly wallets: WalletsService,
    private readonly callbackSettings: CallbackSettingsService,
    private readonly keyCache: ApiKeyCache,
    private readonly notifications: DatabaseNotifications,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async create(input: NewMerchant): Promise<CreatedMerchantView> {
    const email = input.email.trim();
    if (await this.merchants.emailTaken(email)) {
      throw new DomainError('DUPLICATE_MERCHANT_ERROR', `A merchant with email ${email} already exists`);
    }
    let merchant: MerchantRow;
    try {
      merchant = await this.merchants.insert(input.name.trim(), email, input.productionEnabled ?? true);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new DomainError('DUPLICATE_MERCHANT_ERROR', `A merchant with email ${email} already exists`);
      }
      throw error;
    }
    await this.wallets.openMerchantWallets(merchant.id);
    const { callback_token } = await this.callbackSettings.createCredentials(merchant.id);
    const development = await this.issueKey(merchant.id, 'development');
    const production = await this.issueKey(merchant.id, 'production');
    return {
      id: merchant.id,
      name: merchant.name,
      email: merchant.email,
      callback_token,
      api_keys: { development, production },
    };
  }

  /** Oldest first; `search` keeps those whose name or email contains it (any case). */
  /** The names of these merchants, by id (for reports that list merchants by id). */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    return new Map((await this.merchants.names(ids)).map((merchant) => [merchant.id, merchant.name]));
  }

  async list(search?: string): Promise<MerchantView[]> {
    const merchants = await this.merchants.list(search?.trim() || undefined);
    const ids = merchants.map((m) => m.id);
    const keys = await this.merchants.activeKeys(ids);
    const tokens = await this.callbackSettings.callbackTokens(ids);
    return merchants.map((m) => toMerchantView(m, tokens.get(m.id)!, keys.filter((k) => k.merchant_id === m.id)));
  }

  async get(merchantId: string): Promise<MerchantView> {
    const merchant = await this.findOrFail(merchantId);
    const keys = await this.merchants.activeKeys([merchantId]);
    const { callback_token } = await this.callbackSettings.credentials(merchantId);
    return toMerchantView(merchant, callback_token, keys);
  }

  /**
   * Issues a new key for the environment and revokes the previous one at once. This
   * instance forgets the old key once the change committed; the others when its NOTIFY
   * arrives (API_KEY_CACHE_SECONDS at the latest).
   */
  async rotateApiKey(merchantId: string, environment: Environment, actor: RequestActor = OPERATOR): Promise<{ environment: Environment; api_key: string }> {
    this.keyCache.forget(merchantId, environment);
    const rotated = await this.rotateApiKeyInTransaction(merchantId, environment, actor);
    this.keyCache.forget(merchantId, environment);
    return rotated;
  }

  @Transactional()
  private async rotateApiKeyInTransaction(merchantId: string, environment: Environment, actor: RequestActor): Promise<{ environment: Environment; api_key: string }> {
    await this.lockMerchant(merchantId);
    const [before] = await this.merchants.activeKeys([merchantId]).then((keys) => keys.filter((k) => k.environment === environment));
    await this.merchants.revokeActiveKey(merchantId, environment);
    await this.announceRevocation(merchantId, environment);
    const key = await this.issueKey(merchantId, environment);
    await this.audit.record(actor, {
      merchantId,
      environment,
      action: 'api_key.rotated',
      target: `api_key:${environment}`,
      before: before ? { hint: `…${before.key_hint}` } : null,
      after: { hint: `…${key.slice(-4)}` },
    });
    return { environment, api_key: key };
  }

  /** Revokes the environment's key; forgotten as rotateApiKey's. */
  async revokeApiKey(merchantId: string, environment: Environment, actor: RequestActor = OPERATOR): Promise<{ environment: Environment; revoked: boolean }> {
    this.keyCache.forget(merchantId, environment);
    const revoked = await this.revokeApiKeyInTransaction(merchantId, environment, actor);
    this.keyCache.forget(merchantId, environment);
    return revoked;
  }

  @Transactional()
  private async revokeApiKeyInTransaction(merchantId: string, environment: Environment, actor: RequestActor): Promise<{ environment: Environment; revoked: boolean }> {
    await this.lockMerchant(merchantId);
    if (!(await this.merchants.revokeActiveKey(merchantId, environment))) {
      throw new DomainError('API_KEY_NOT_FOUND_ERROR', `Merchant ${merchantId} has no active ${environment} key`);
    }
    await this.announceRevocation(merchantId, environment);
    await this.audit.record(actor, { merchantId, environment, action: 'api_key.revoked', target: `api_key:${environment}` });
    return { environment, revoked: true };
  }

  /**
   * Switches production on or off for the merchant (operators). Off, its production key is
   * refused and its people cannot choose production. Announced like a key revocation, so
   * no instance keeps accepting a cached production key.
   */
  async setProductionEnabled(merchantId: string, enabled: boolean, actor: RequestActor = OPERATOR): Promise<MerchantView> {
    this.keyCache.forget(merchantId, 'production');
    await this.setProductionEnabledInTransaction(merchantId, enabled, actor);
    this.keyCache.forget(merchantId, 'production');
    return this.get(merchantId);
  }

  @Transactional()
  private async setProductionEnabledInTransaction(merchantId: string, enabled: boolean, actor: RequestActor): Promise<void> {
    const changed = isUuid(merchantId) ? await this.merchants.setProductionEnabled(merchantId, enabled) : undefined;
    if (!changed) throw merchantNotFound(merchantId);
    await this.announceRevocation(merchantId, 'production');
    if (changed.before !== enabled) {
      await this.audit.record(actor, {
        merchantId,
        environment: 'production',
        action: enabled ? 'merchant.production_enabled' : 'merchant.production_disabled',
        target: `merchant:${merchantId}`,
        before: { production_enabled: changed.before },
        after: { production_enabled: enabled },
      });
    }
  }

  /**
   * Suspends the merchant (operators, with a reason): from the commit on, its API keys and
   * its people's dashboard sessions are refused with MERCHANT_SUSPENDED_ERROR, on every
   * instance (announced like a key revocation, for both environments). Nothing else changes:
   * money in flight carries on, callbacks are still delivered. Suspending a suspended
   * merchant keeps the first suspension (its time and reason).
   */
  async suspend(merchantId: string, reason: string, actor: RequestActor = OPERATOR): Promise<MerchantView> {
    this.forgetKeysOf(merchantId);
    await this.setSuspensionInTransaction(merchantId, { reason: reason.trim() }, actor);
    this.forgetKeysOf(merchantId);
    return this.get(merchantId);
  }

  /** Lifts a suspension: keys and sessions work again at once (refusals are never cached). `note` says why, for the record. */
  async unsuspend(merchantId: string, note: string | undefined, actor: RequestActor = OPERATOR): Promise<MerchantView> {
    await this.setSuspensionInTransaction(merchantId, { reason: null, note: note?.trim() || null }, actor);
    return this.get(merchantId);
  }

  @Transactional()
  private async setSuspensionInTransaction(
    merchantId: string,
    change: { reason: string } | { reason: null; note: string | null },
    actor: RequestActor,
  ): Promise<void> {
    const before = isUuid(merchantId) ? await this.merchants.setSuspension(merchantId, change.reason) : undefined;
    if (!before) throw merchantNotFound(merchantId);
    const suspending = change.reason !== null;
    if (suspending) for (const environment of ENVIRONMENTS) await this.announceRevocation(merchantId, environment);
    if ((before.suspended_at !== null) === suspending) return;
    await this.audit.record(actor, {
      merchantId,
      environment: null,
      action: suspending ? 'merchant.suspended' : 'merchant.unsuspended',
      target: `merchant:${merchantId}`,
      before: { suspended: !suspending, ...(suspending ? {} : { reason: before.suspended_reason }) },
      after: suspending ? { suspended: true, reason: change.reason } : { suspended: false, note: change.note },
    });
  }

  private forgetKeysOf(merchantId: string): void {
    for (const environment of ENVIRONMENTS) this.keyCache.forget(merchantId, environment);
  }

  /** Both wallets in both environments, as the ledger has them now (operators). */
  async walletBalances(merchantId: string): Promise<MerchantWalletsView> {
    await this.findOrFail(merchantId);
    const [developmentIncome, developmentDisburse, productionIncome, productionDisburse] = await Promise.all([
      this.wallets.balance(merchantId, 'development', 'income'),
      this.wallets.balance(merchantId, 'development', 'disburse'),
      this.wallets.balance(merchantId, 'production', 'income'),
      this.wallets.balance(merchantId, 'production', 'disburse'),
    ]);
    return {
      development: { income: developmentIncome, disburse: developmentDisburse },
      production: { income: productionIncome, disburse: productionDisburse },
    };
  }

  /**
   * Name, email and whether production is on: what a dashboard session shows of its
   * merchant. A suspended merchant has none: refused with MERCHANT_SUSPENDED_ERROR, checked
   * on every session request (sessions are not cached), so a suspension stops them at once.
   */
  async profile(merchantId: string): Promise<MerchantProfileView> {
    const merchant = await this.findOrFail(merchantId);
    if (merchant.suspended_at) throw merchantSuspended();
    return { id: merchant.id, name: merchant.name, email: merchant.email, production_enabled: merchant.production_enabled };
  }

  /** The hint (last four characters) and creation time of each environment's active key. */
  async apiKeySummaries(merchantId: string): Promise<ApiKeySummariesView> {
    return (await this.get(merchantId)).api_keys;
  }

  /** Delivered to every instance's ApiKeyRevocationListener when (and only if) the revocation commits. */
  private async announceRevocation(merchantId: string, environment: Environment): Promise<void> {
    await this.notifications.notify(API_KEY_REVOKED_CHANNEL, revocationPayload(merchantId, environment));
  }

  @Transactional()
  async rotateCallbackToken(merchantId: string): Promise<MerchantView> {
    await this.lockMerchant(merchantId);
    await this.callbackSettings.rotateCallbackToken(merchantId);
    return this.get(merchantId);
  }

  /** New webhook signing secret; the previous one keeps signing for the overlap period. */
  @Transactional()
  async rotateSigningSecret(merchantId: string) {
    await this.lockMerchant(merchantId);
    return this.callbackSettings.rotateSigningSecret(merchantId);
  }

  /**
   * Resolves an Authorization header to the merchant and environment of its key. Accepted
   * keys are remembered for API_KEY_CACHE_SECONDS (ApiKeyCache), by their hash.
   */
  async authenticate(authorizationHeader: string | undefined): Promise<AuthenticatedMerchant> {
    const key = apiKeyFromAuthorizationHeader(authorizationHeader);
    if (!key) throw missingApiKeyError();
    return this.authenticateKey(key);
  }

  /**
   * The merchant and environment of an API key (the API-key strategy's check). The keys of
   * a suspended merchant, and a production key of a merchant whose production is off, are
   * refused, and not remembered.
   */
  async authenticateKey(key: string): Promise<AuthenticatedMerchant> {
    const environment = environmentOfApiKey(key);
    if (!environment) {
      throw new DomainError('INVALID_API_KEY', 'Malformed API key: expected pallapi_secret_<environment>_<32 hex>');
    }
    const hash = hashApiKey(key);
    const cached = this.keyCache.get(hash);
    if (cached) return { ...cached };
    const row = await this.merchants.keyOwner(hash);
    if (!row) throw new DomainError('INVALID_API_KEY', 'Unknown API key');
    if (row.revoked_at) throw new DomainError('INVALID_API_KEY', 'This API key has been revoked');
    if (row.suspended_at) throw merchantSuspended();
    if (environment === 'production' && !row.production_enabled) throw productionNotEnabled();
    const merchant: AuthenticatedMerchant = { merchantId: row.merchant_id, name: row.name, email: row.email, environment, apiKeyId: row.key_id };
    this.keyCache.set(hash, merchant);
    return { ...merchant };
  }

  /**
   * On a database with no merchants, creates one for trying the API. The advisory lock
   * keeps two instances booting together from creating two.
   */
  @Transactional()
  async createDemoMerchantIfEmpty(): Promise<CreatedMerchantView | undefined> {
    await this.merchants.lockDemoMerchantCreation();
    if (await this.merchants.hasAny()) return undefined;
    return this.create({ name: 'Demo Merchant', email: 'demo@palladium.local' });
  }

  private async issueKey(merchantId: string, environment: Environment): Promise<string> {
    const key = generateApiKey(environment);
    await this.merchants.insertKey(merchantId, environment, hashApiKey(key), key.slice(-4));
    return key;
  }

  private async findOrFail(merchantId: string): Promise<MerchantRow> {
    const merchant = isUuid(merchantId) ? await this.merchants.find(merchantId) : undefined;
    if (!merchant) throw merchantNotFound(merchantId);
    return merchant;
  }

  /** Serialises changes to one merchant's keys and credentials. */
  private async lockMerchant(merchantId: string): Promise<void> {
    if (!isUuid(merchantId) || !(await this.merchants.lock(merchantId))) throw merchantNotFound(merchantId);
  }
}

export function productionNotEnabled(): DomainError {
  return new DomainError(
    'PRODUCTION_NOT_ENABLED_ERROR',
    'Production is not switched on for this merchant yet: use development until an operator enables it',
  );
}

/** A suspended merchant's key or dashboard session. */
export function merchantSuspended(): DomainError {
  return new DomainError('MERCHANT_SUSPENDED_ERROR', 'This merchant is suspended by Palladium: its API keys and dashboard are refused until an operator lifts the suspension; contact Palladium support');
}

function merchantNotFound(merchantId: string): DomainError {
  return new DomainError('MERCHANT_NOT_FOUND_ERROR', `No merchant with id ${merchantId}`);
}

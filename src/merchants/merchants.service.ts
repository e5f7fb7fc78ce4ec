import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { DatabaseNotifications } from '../database/notifications';
import { ApiKeyCache } from './api-key-cache';
import { API_KEY_REVOKED_CHANNEL, revocationPayload } from './api-key-revocation.listener';
import { apiKeyFromAuthorizationHeader, environmentOfApiKey, generateApiKey, hashApiKey } from './api-key-format';
import { CallbackSettingsService } from '../callbacks/settings/callback-settings.service';
import { WalletsService } from '../wallets/wallets.service';
import { CreatedMerchantView, MerchantView, toMerchantView } from './merchant.views';
import { MerchantRow, MerchantsRepository } from './merchants.repository';
import { AuthenticatedMerchant } from '../common/http/merchant-api';

export interface NewMerchant {
  name: string;
  email: string;
}

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class MerchantsService {
  constructor(
    private readonly merchants: MerchantsRepository,
    private readonly wallets: WalletsService,
    private readonly callbackSettings: CallbackSettingsService,
    private readonly keyCache: ApiKeyCache,
    private readonly notifications: DatabaseNotifications,
  ) {}

  @Transactional()
  async create(input: NewMerchant): Promise<CreatedMerchantView> {
    const email = input.email.trim();
    if (await this.merchants.emailTaken(email)) {
      throw new DomainError('DUPLICATE_MERCHANT_ERROR', `A merchant with email ${email} already exists`);
    }
    let merchant: MerchantRow;
    try {
      merchant = await this.merchants.insert(input.name.trim(), email);
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

  async list(): Promise<MerchantView[]> {
    const merchants = await this.merchants.list();
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
  async rotateApiKey(merchantId: string, environment: Environment): Promise<{ environment: Environment; api_key: string }> {
    this.keyCache.forget(merchantId, environment);
    const rotated = await this.rotateApiKeyInTransaction(merchantId, environment);
    this.keyCache.forget(merchantId, environment);
    return rotated;
  }

  @Transactional()
  private async rotateApiKeyInTransaction(merchantId: string, environment: Environment): Promise<{ environment: Environment; api_key: string }> {
    await this.lockMerchant(merchantId);
    await this.merchants.revokeActiveKey(merchantId, environment);
    await this.announceRevocation(merchantId, environment);
    return { environment, api_key: await this.issueKey(merchantId, environment) };
  }

  /** Revokes the environment's key; forgotten as rotateApiKey's. */
  async revokeApiKey(merchantId: string, environment: Environment): Promise<{ environment: Environment; revoked: boolean }> {
    this.keyCache.forget(merchantId, environment);
    const revoked = await this.revokeApiKeyInTransaction(merchantId, environment);
    this.keyCache.forget(merchantId, environment);
    return revoked;
  }

  @Transactional()
  private async revokeApiKeyInTransaction(merchantId: string, environment: Environment): Promise<{ environment: Environment; revoked: boolean }> {
    await this.lockMerchant(merchantId);
    if (!(await this.merchants.revokeActiveKey(merchantId, environment))) {
      throw new DomainError('API_KEY_NOT_FOUND_ERROR', `Merchant ${merchantId} has no active ${environment} key`);
    }
    await this.announceRevocation(merchantId, environment);
    return { environment, revoked: true };
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
    if (!key) {
      throw new DomainError(
        'INVALID_API_KEY',
        'Missing API key: send it as "Authorization: Bearer <key>" or "Authorization: <key>"',
      );
    }
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

function merchantNotFound(merchantId: string): DomainError {
  return new DomainError('MERCHANT_NOT_FOUND_ERROR', `No merchant with id ${merchantId}`);
}

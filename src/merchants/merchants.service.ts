import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { queryRows } from '../database/query-rows';
import { ApiKey } from './api-key.entity';
import { ApiKeyCache } from './api-key-cache';
import { API_KEY_REVOKED_CHANNEL, revocationPayload } from './api-key-revocation.listener';
import { apiKeyFromAuthorizationHeader, environmentOfApiKey, generateApiKey, hashApiKey } from './api-key-format';
import { AuthenticatedMerchant } from './authenticated-merchant';
import { CallbackSettingsService } from '../callbacks/settings/callback-settings.service';
import { WalletsService } from '../wallets/wallets.service';
import { Merchant } from './merchant.entity';
import { CreatedMerchantView, MerchantView, toMerchantView } from './merchant.views';

export interface NewMerchant {
  name: string;
  email: string;
}

const DEMO_MERCHANT_LOCK = 7_305_210_002;
const UNIQUE_VIOLATION = '23505';

@Injectable()
export class MerchantsService {

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly wallets: WalletsService,
    private readonly callbackSettings: CallbackSettingsService,
    private readonly keyCache: ApiKeyCache,
  ) {}

  private get merchants() {
    return this.txHost.tx.getRepository(Merchant);
  }

  private get apiKeys() {
    return this.txHost.tx.getRepository(ApiKey);
  }

  @Transactional()
  async create(input: NewMerchant): Promise<CreatedMerchantView> {
    const email = input.email.trim();
    if (await this.merchants.createQueryBuilder('m').where('lower(m.email) = lower(:email)', { email }).getExists()) {
      throw new DomainError('DUPLICATE_MERCHANT_ERROR', `A merchant with email ${email} already exists`);
    }
    let merchant: Merchant;
    try {
      merchant = await this.merchants.save(
        this.merchants.create({ name: input.name.trim(), email }),
      );
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
    const merchants = await this.merchants.find({ order: { createdAt: 'ASC' } });
    const keys = await this.apiKeys.find({ where: { revokedAt: IsNull() } });
    const tokens = await this.callbackSettings.callbackTokens(merchants.map((m) => m.id));
    return merchants.map((m) => toMerchantView(m, tokens.get(m.id)!, keys.filter((k) => k.merchantId === m.id)));
  }

  async get(merchantId: string): Promise<MerchantView> {
    const merchant = await this.findOrFail(merchantId);
    const keys = await this.apiKeys.find({ where: { merchantId, revokedAt: IsNull() } });
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
    await this.apiKeys.update({ merchantId, environment, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
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
    const result = await this.apiKeys.update(
      { merchantId, environment, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
    if (!result.affected) {
      throw new DomainError('API_KEY_NOT_FOUND_ERROR', `Merchant ${merchantId} has no active ${environment} key`);
    }
    await this.announceRevocation(merchantId, environment);
    return { environment, revoked: true };
  }

  /** Delivered to every instance's ApiKeyRevocationListener when (and only if) the revocation commits. */
  private async announceRevocation(merchantId: string, environment: Environment): Promise<void> {
    await this.txHost.tx.query('SELECT pg_notify($1, $2)', [API_KEY_REVOKED_CHANNEL, revocationPayload(merchantId, environment)]);
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
    const [row] = await queryRows<{ key_id: string; revoked_at: Date | null; merchant_id: string; name: string; email: string }>(
      this.txHost.tx,
      `SELECT k.id AS key_id, k.revoked_at, m.id AS merchant_id, m.name, m.email
       FROM api_keys k JOIN merchants m ON m.id = k.merchant_id WHERE k.key_hash = $1`,
      [hash],
    );
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
    await this.txHost.tx.query('SELECT pg_advisory_xact_lock($1)', [DEMO_MERCHANT_LOCK]);
    if ((await this.merchants.count()) > 0) return undefined;
    return this.create({ name: 'Demo Merchant', email: 'demo@palladium.local' });
  }

  private async issueKey(merchantId: string, environment: Environment): Promise<string> {
    const key = generateApiKey(environment);
    await this.apiKeys.insert({ merchantId, environment, keyHash: hashApiKey(key), keyHint: key.slice(-4) });
    return key;
  }

  private async findOrFail(merchantId: string): Promise<Merchant> {
    const merchant = isUuid(merchantId) ? await this.merchants.findOneBy({ id: merchantId }) : null;
    if (!merchant) throw new DomainError('MERCHANT_NOT_FOUND_ERROR', `No merchant with id ${merchantId}`);
    return merchant;
  }

  private async lockMerchant(merchantId: string): Promise<Merchant> {
    await this.findOrFail(merchantId);
    return this.merchants.findOneOrFail({ where: { id: merchantId }, lock: { mode: 'pessimistic_write' } });
  }
}


import type { Environment } from '../common/environment';
import { AppConfig } from '../config/app-config';
import { AuthenticatedMerchant } from '../common/http/merchant-api';

/** Enough for every active key of a large deployment; the oldest entry goes first beyond it. */
const MAX_ENTRIES = 10_000;

/**
 * Accepted API keys, remembered for API_KEY_CACHE_SECONDS so a request does not cost a
 * database lookup before its real work. Keyed by the key's SHA-256 hash (the key itself is
 * never kept), like the api_keys table. Only accepted keys are cached: unknown and revoked
 * keys always go to the database. Revoking or rotating a key forgets it here at once, and
 * every other instance hears of it through PostgreSQL NOTIFY (ApiKeyRevocationListener);
 * should that channel be down, a revoked key still stops working within
 * API_KEY_CACHE_SECONDS (README "Authentication").
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { merchant: AuthenticatedMerchant; expiresAt: number }>();
  /** Off while revocations from other instances cannot be heard (no listener, or it is down). */
  private listening = false;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  static fromConfig(config: AppConfig): ApiKeyCache {
    return new ApiKeyCache(config.apiKeyCacheSeconds * 1000);
  }

  get(keyHash: string): AuthenticatedMerchant | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry.merchant;
  }

  set(keyHash: string, merchant: AuthenticatedMerchant): void {
    if (this.ttlMs <= 0 || !this.listening) return;
    this.entries.delete(keyHash);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(keyHash, { merchant, expiresAt: this.now() + this.ttlMs });
  }

  /** Forgets everything (a malformed notice). */
  clear(): void {
    this.entries.clear();
  }

  /** Revocations may be missed from now on: forget everything and cache nothing. */
  suspend(): void {
    this.listening = false;
    this.entries.clear();
  }

  /** Revocations are heard again. */
  resume(): void {
    this.listening = true;
  }

  /** Forgets the merchant's keys of one environment (after a revocation or rotation). */
  forget(merchantId: string, environment: Environment): void {
    for (const [hash, entry] of this.entries) {
      if (entry.merchant.merchantId === merchantId && entry.merchant.environment === environment) this.entries.delete(hash);
    }
  }
}

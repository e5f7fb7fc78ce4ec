import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { isEnvironment } from '../common/environment';
import type { Environment } from '../common/environment';
import { DatabaseNotifications } from '../database/notifications';
import { ApiKeyCache } from './api-key-cache';

/** The channel a committed key revocation or rotation is announced on. */
export const API_KEY_REVOKED_CHANNEL = 'palladium_api_key_revoked';

export function revocationPayload(merchantId: string, environment: Environment): string {
  return `${merchantId}:${environment}`;
}

/**
 * Keeps this instance's cache of accepted API keys in step with revocations made anywhere
 * (another instance, the CLI): it LISTENs for them and forgets the keys each NOTIFY names.
 * While the connection is down the cache is emptied and not trusted again until listening
 * resumes, so a missed notice costs lookups, never a revoked key that keeps working.
 */
@Injectable()
export class ApiKeyRevocationListener implements OnApplicationBootstrap {
  constructor(
    private readonly notifications: DatabaseNotifications,
    private readonly cache: ApiKeyCache,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.notifications.listen(API_KEY_REVOKED_CHANNEL, {
      applicationName: 'palladium-key-revocations',
      onMessage: (payload) => this.forget(payload),
      onListening: () => this.cache.resume(),
      onLost: () => this.cache.suspend(),
    });
  }

  private forget(payload: string | undefined): void {
    const [merchantId, environment] = (payload ?? '').split(':');
    if (merchantId && isEnvironment(environment)) this.cache.forget(merchantId, environment);
    else this.cache.clear();
  }
}

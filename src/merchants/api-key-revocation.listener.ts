import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { isEnvironment } from '../common/environment';
import type { Environment } from '../common/environment';
import { ApiKeyCache } from './api-key-cache';

/** The channel a committed key revocation or rotation is announced on. */
export const API_KEY_REVOKED_CHANNEL = 'palladium_api_key_revoked';

const RECONNECT_DELAY_MS = 1_000;

export function revocationPayload(merchantId: string, environment: Environment): string {
  return `${merchantId}:${environment}`;
}

/**
 * Keeps this instance's cache of accepted API keys in step with revocations made anywhere
 * (another instance, the CLI): it LISTENs on one dedicated connection and forgets the keys
 * each NOTIFY names. While the connection is down the cache is emptied and not trusted
 * again until listening resumes, so a missed notice costs lookups, never a revoked key
 * that keeps working.
 */
@Injectable()
export class ApiKeyRevocationListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ApiKeyRevocationListener.name);
  private client: Client | undefined;
  private stopped = false;
  private reconnect: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: ApiKeyCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    this.cache.suspend();
    const client = new Client({ connectionString: (this.dataSource.options as PostgresConnectionOptions).url, application_name: 'palladium-key-revocations' });
    client.on('notification', ({ payload }) => this.forget(payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${API_KEY_REVOKED_CHANNEL}`);
      this.client = client;
      this.cache.resume();
    } catch (error) {
      this.lost(client, error);
    }
  }

  private forget(payload: string | undefined): void {
    const [merchantId, environment] = (payload ?? '').split(':');
    if (merchantId && isEnvironment(environment)) this.cache.forget(merchantId, environment);
    else this.cache.clear();
  }

  private lost(client: Client, error?: unknown): void {
    this.cache.suspend();
    if (this.client === client) this.client = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped || this.reconnect) return;
    this.logger.warn({ err: error }, 'API key revocation listener lost its connection; key cache off until it is back');
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      void this.listen();
    }, RECONNECT_DELAY_MS);
  }
}

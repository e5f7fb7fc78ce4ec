import { Injectable } from '@nestjs/common';
import type { MerchantScope } from '../../common/environment';
import { Columns, Sql } from '../../database/sql';

/** A merchant's callback credentials as they stand now: a previous signing secret past its overlap reads as null. */
export interface CallbackCredentialsRow {
  callback_token: string;
  signing_secret: string;
  previous_signing_secret: string | null;
  previous_signing_secret_expires_at: Date | null;
}

export interface CallbackUrlRow {
  event_type: string;
  url: string;
}

const CALLBACK_URL_COLUMNS = Columns.of<CallbackUrlRow>()('event_type', 'url');

/** The callback_credentials and callback_urls tables. */
@Injectable()
export class CallbackSettingsRepository {
  constructor(private readonly sql: Sql) {}

  async insertCredentials(merchantId: string, callbackToken: string, signingSecret: string): Promise<void> {
    await this.sql.query('INSERT INTO callback_credentials (merchant_id, callback_token, signing_secret) VALUES ($1, $2, $3)', [
      merchantId,
      callbackToken,
      signingSecret,
    ]);
  }

  credentials(merchantId: string): Promise<CallbackCredentialsRow | undefined> {
    return this.sql.one<CallbackCredentialsRow>(
      `SELECT callback_token, signing_secret,
              CASE WHEN previous_signing_secret_expires_at > now() THEN previous_signing_secret END AS previous_signing_secret,
              CASE WHEN previous_signing_secret_expires_at > now() THEN previous_signing_secret_expires_at END
                AS previous_signing_secret_expires_at
       FROM callback_credentials WHERE merchant_id = $1`,
      [merchantId],
    );
  }

  callbackTokens(merchantIds: string[]): Promise<{ merchant_id: string; callback_token: string }[]> {
    return this.sql.query('SELECT merchant_id, callback_token FROM callback_credentials WHERE merchant_id = ANY($1)', [merchantIds]);
  }

  async replaceCallbackToken(merchantId: string, callbackToken: string): Promise<void> {
    await this.sql.query('UPDATE callback_credentials SET callback_token = $2, updated_at = now() WHERE merchant_id = $1', [
      merchantId,
      callbackToken,
    ]);
  }

  /** The current secret becomes the previous one, valid for `overlapHours` more. */
  async replaceSigningSecret(merchantId: string, signingSecret: string, overlapHours: number): Promise<void> {
    await this.sql.query(
      `UPDATE callback_credentials
       SET previous_signing_secret = signing_secret, signing_secret = $2,
           previous_signing_secret_expires_at = now() + make_interval(hours => $3), updated_at = now()
       WHERE merchant_id = $1`,
      [merchantId, signingSecret, overlapHours],
    );
  }

  urls(scope: MerchantScope): Promise<CallbackUrlRow[]> {
    return this.sql.query<CallbackUrlRow>(`SELECT ${CALLBACK_URL_COLUMNS} FROM callback_urls WHERE merchant_id = $1 AND environment = $2`, [
      scope.merchantId,
      scope.environment,
    ]);
  }

  async urlFor(scope: MerchantScope, eventType: string): Promise<string | undefined> {
    const row = await this.sql.one<{ url: string }>('SELECT url FROM callback_urls WHERE merchant_id = $1 AND environment = $2 AND event_type = $3', [
      scope.merchantId,
      scope.environment,
      eventType,
    ]);
    return row?.url;
  }

  async setUrl(scope: MerchantScope, eventType: string, url: string): Promise<void> {
    await this.sql.query(
      `INSERT INTO callback_urls (merchant_id, environment, event_type, url) VALUES ($1, $2, $3, $4)
       ON CONFLICT (merchant_id, environment, event_type) DO UPDATE SET url = EXCLUDED.url, updated_at = now()`,
      [scope.merchantId, scope.environment, eventType, url],
    );
  }

  async removeUrl(scope: MerchantScope, eventType: string): Promise<void> {
    await this.sql.query('DELETE FROM callback_urls WHERE merchant_id = $1 AND environment = $2 AND event_type = $3', [
      scope.merchantId,
      scope.environment,
      eventType,
    ]);
  }
}

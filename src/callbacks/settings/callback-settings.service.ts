import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import type { MerchantScope } from '../../common/environment';
import { DomainError, FieldError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import { CALLBACK_EVENT_TYPE_NAMES, CallbackEventType, isCallbackEventType } from '../callback-event-types';
import { isPublicAddress, hostOf } from '../delivery/url-safety';
import { CallbackSettingsRepository } from './callback-settings.repository';

/** After a rotation the previous signing secret still signs for this long. */
export const SIGNING_SECRET_OVERLAP_HOURS = 24;

export interface CallbackCredentials {
  callback_token: string;
  signing_secret: string;
  previous_signing_secret: string | null;
  previous_signing_secret_expires_at: string | null;
}

export type CallbackUrls = Record<CallbackEventType, string | null>;

const newCallbackToken = () => randomBytes(24).toString('hex');
const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * Where and how a merchant is called back: its callback token (X-CALLBACK-TOKEN), its
 * Standard Webhooks signing secret, and a URL per event type and environment.
 */
@Injectable()
export class CallbackSettingsService {
  constructor(
    private readonly settings: CallbackSettingsRepository,
    private readonly config: AppConfig,
  ) {}

  async createCredentials(merchantId: string): Promise<CallbackCredentials> {
    await this.settings.insertCredentials(merchantId, newCallbackToken(), newSigningSecret());
    return this.credentials(merchantId);
  }

  async credentials(merchantId: string): Promise<CallbackCredentials> {
    const row = await this.settings.credentials(merchantId);
    if (!row) throw new DomainError('MERCHANT_NOT_FOUND_ERROR', `No merchant with id ${merchantId}`);
    return { ...row, previous_signing_secret_expires_at: row.previous_signing_secret_expires_at?.toISOString() ?? null };
  }

  /** Callback tokens of many merchants at once (operator listings). */
  async callbackTokens(merchantIds: string[]): Promise<Map<string, string>> {
    const rows = await this.settings.callbackTokens(merchantIds);
    return new Map(rows.map((row) => [row.merchant_id, row.callback_token]));
  }

  /** The secrets that sign a callback now: the current one, plus the previous during a rotation. */
  signingSecretsOf(credentials: CallbackCredentials): string[] {
    return [credentials.signing_secret, credentials.previous_signing_secret].filter((secret): secret is string => !!secret);
  }

  async rotateCallbackToken(merchantId: string): Promise<CallbackCredentials> {
    await this.settings.replaceCallbackToken(merchantId, newCallbackToken());
    return this.credentials(merchantId);
  }

  /** New secret at once; callbacks carry signatures of both secrets for the overlap period. */
  async rotateSigningSecret(merchantId: string): Promise<CallbackCredentials> {
    await this.settings.replaceSigningSecret(merchantId, newSigningSecret(), SIGNING_SECRET_OVERLAP_HOURS);
    return this.credentials(merchantId);
  }

  async urls(scope: MerchantScope): Promise<CallbackUrls> {
    const rows = await this.settings.urls(scope);
    const urls = Object.fromEntries(CALLBACK_EVENT_TYPE_NAMES.map((type) => [type, null])) as CallbackUrls;
    for (const row of rows) if (isCallbackEventType(row.event_type)) urls[row.event_type] = row.url;
    return urls;
  }

  urlFor(scope: MerchantScope, type: string): Promise<string | undefined> {
    return this.settings.urlFor(scope, type);
  }

  /** Sets (or with null / "" removes) the URL of each event type given; others stay. */
  async setUrls(scope: MerchantScope, updates: Record<string, unknown>): Promise<CallbackUrls> {
    const problems: FieldError[] = [];
    const entries = Object.entries(updates);
    if (entries.length === 0) {
      problems.push({ field: 'body', message: `send an object from event type to URL, e.g. {"virtual_account.paid":"https://…"}` });
    }
    for (const [type, value] of entries) {
      if (!isCallbackEventType(type)) {
        problems.push({ field: type, message: `unknown event type; one of ${CALLBACK_EVENT_TYPE_NAMES.join(', ')}` });
      } else if (value !== null && value !== '') {
        const problem = typeof value === 'string' ? await this.urlProblem(value, scope) : 'must be a URL string or null';
        if (problem) problems.push({ field: type, message: `${type}: ${problem}` });
      }
    }
    if (problems.length) {
      throw new DomainError('API_VALIDATION_ERROR', problems.map((p) => p.message).join('; '), problems);
    }
    for (const [type, value] of entries) {
      if (value === null || value === '') await this.settings.removeUrl(scope, type);
      else await this.settings.setUrl(scope, type, value as string);
    }
    return this.urls(scope);
  }

  /**
   * Why a URL cannot receive callbacks, or undefined: http(s) only, https in production,
   * no credentials in it, and no host that is or resolves to a loopback, private or
   * link-local address. CALLBACK_ALLOW_PRIVATE_URLS (local setups) lifts the last two
   * rules, since a local receiver has neither a public address nor a certificate; a
   * development key refused a private address is told so. Delivery checks again.
   */
  private async urlProblem(value: string, scope: MerchantScope): Promise<string | undefined> {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return 'is not a valid absolute URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use http or https';
    const allowPrivate = this.config.callbacks.allowPrivateUrls;
    if (scope.environment === 'production' && url.protocol !== 'https:' && !allowPrivate) return 'must use https in production';
    if (url.username || url.password) return 'must not contain credentials';
    if (value.length > 2000) return 'must be at most 2000 characters';
    if (allowPrivate) return undefined;
    const host = hostOf(url);
    if (isIP(host)) return isPublicAddress(host) ? undefined : privateAddressProblem(`must not point to ${host}`, scope);
    let addresses: { address: string }[];
    try {
      addresses = await lookup(host, { all: true });
    } catch {
      return `host ${url.hostname} does not resolve`;
    }
    const internal = addresses.find((a) => !isPublicAddress(a.address));
    return internal ? privateAddressProblem(`host ${url.hostname} resolves to ${internal.address}`, scope) : undefined;
  }
}

/** Why a private address is refused, and for a development key how a local receiver can be reached anyway. */
function privateAddressProblem(what: string, scope: MerchantScope): string {
  const refusal = `${what}, a private or internal address (callbacks go to public addresses only)`;
  if (scope.environment !== 'development') return refusal;
  return (
    `${refusal}. To receive callbacks on your own machine while developing, expose your receiver through a public HTTPS tunnel, ` +
    'or run Palladium yourself with CALLBACK_ALLOW_PRIVATE_URLS=true'
  );
}

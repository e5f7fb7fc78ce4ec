import { Injectable } from '@nestjs/common';
import { AppConfig, ProvidersConfig } from '../../config/app-config';
import { ProviderHttpClient } from '../http/provider-http.client';

/** Duitku's name on our records (disbursements, provider events). */
export const DUITKU = 'duitku';

export type DuitkuConfig = NonNullable<ProvidersConfig['duitku']>;

export interface DuitkuAnswer {
  responseCode?: unknown;
  responseDesc?: unknown;
  disburseId?: unknown;
  accountName?: unknown;
  custRefNumber?: unknown;
  balance?: unknown;
  effectiveBalance?: unknown;
}

/** Duitku's disbursement API: JSON POSTs that carry userId and email; signatures are the caller's (duitkuSignature). */
@Injectable()
export class DuitkuClient {
  constructor(
    private readonly config: AppConfig,
    private readonly http: ProviderHttpClient,
  ) {}

  get configured(): boolean {
    return this.config.providers.duitku !== null;
  }

  get settings(): DuitkuConfig {
    const settings = this.config.providers.duitku;
    if (!settings) throw new Error('Duitku is not configured');
    return settings;
  }

  /** The sandbox has its own inquiry and transfer endpoints. */
  path(operation: 'inquiry' | 'transfer' | 'inquiryclearing' | 'transferclearing'): string {
    return this.settings.sandbox ? `${operation}sandbox` : operation;
  }

  async post(path: string, body: Record<string, unknown>): Promise<{ status: number; body: DuitkuAnswer; durationMs: number }> {
    const { userId, email, baseUrl } = this.settings;
    const response = await this.http.call('POST', `${baseUrl}/webapi/api/disbursement/${path}`, {
      json: { userId, email, ...body },
      // The sandbox's own endpoints count as the operation they stand for.
      labels: { provider: DUITKU, operation: path.replace(/sandbox$/, '') },
    });
    const answer = (response.body && typeof response.body === 'object' ? response.body : {}) as DuitkuAnswer;
    return { status: response.status, body: answer, durationMs: response.durationMs };
  }
}

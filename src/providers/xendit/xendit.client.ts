import { Injectable } from '@nestjs/common';
import { AppConfig, ProvidersConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { ProviderHttpClient, ProviderResponse, ProviderTransportError } from '../http/provider-http.client';

/** Xendit's name on our records (payments, disbursements, provider events). */
export const XENDIT = 'xendit';

type XenditConfig = NonNullable<ProvidersConfig['xendit']>;

export interface XenditAnswer extends ProviderResponse {
  body: Record<string, unknown> & { error_code?: string; message?: string };
}

/**
 * A call's name for metrics: the method and the path with ids and the query left out, e.g.
 * `PATCH /callback_virtual_accounts/:id`, `GET /disbursements`.
 */
export function xenditOperation(method: string, path: string): string {
  const [resource, ...rest] = path.split('?')[0].split('/').filter(Boolean);
  return `${method} /${resource ?? ''}${rest.length ? '/:id' : ''}`;
}

/** Xendit's REST API with Basic auth (secret key + ':'), as its Authentication section says. */
@Injectable()
export class XenditClient {
  constructor(
    private readonly config: AppConfig,
    private readonly http: ProviderHttpClient,
  ) {}

  get configured(): boolean {
    return this.config.providers.xendit !== null;
  }

  private get settings(): XenditConfig {
    const settings = this.config.providers.xendit;
    if (!settings) throw new Error('Xendit is not configured');
    return settings;
  }

  async call(method: 'GET' | 'POST' | 'PATCH', path: string, json?: unknown, headers: Record<string, string> = {}): Promise<XenditAnswer> {
    const { baseUrl, secretKey } = this.settings;
    const authorization = `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;
    const response = await this.http.call(method, `${baseUrl}${path}`, {
      json,
      headers: { authorization, ...headers },
      labels: { provider: XENDIT, operation: xenditOperation(method, path) },
    });
    const body = response.body && typeof response.body === 'object' && !Array.isArray(response.body) ? response.body : { items: response.body };
    return { ...response, body: body as XenditAnswer['body'] };
  }

  /**
   * For calls made while a merchant waits (opening an account): success or a DomainError
   * that says whether Xendit refused the request or could not be reached.
   */
  async callForMerchant(method: 'GET' | 'POST' | 'PATCH', path: string, json?: unknown): Promise<XenditAnswer['body']> {
    let answer: XenditAnswer;
    try {
      answer = await this.call(method, path, json);
    } catch (error) {
      if (error instanceof ProviderTransportError) {
        throw new DomainError('PROVIDER_UNAVAILABLE_ERROR', 'The upstream provider could not be reached; nothing was created, please retry');
      }
      throw error;
    }
    if (answer.status >= 200 && answer.status < 300) return answer.body;
    if (answer.status >= 500) {
      throw new DomainError('PROVIDER_UNAVAILABLE_ERROR', 'The upstream provider is failing; please retry later');
    }
    throw new DomainError(
      'PROVIDER_REQUEST_FAILED_ERROR',
      `The upstream provider refused the request: ${answer.body.error_code ?? `HTTP ${answer.status}`}${answer.body.message ? ` (${answer.body.message})` : ''}`,
    );
  }
}

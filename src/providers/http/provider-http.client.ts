import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { Agent, request } from 'undici';
import { AppConfig } from '../../config/app-config';

/**
 * Whether a failed call reached the provider. `no`: the connection was never made
 * (refused, DNS, connect timeout), so nothing can have happened upstream. `unknown`: the
 * request may have been received (timeout waiting for the answer, connection reset).
 */
export type Delivery = 'no' | 'unknown';

export class ProviderTransportError extends Error {
  constructor(
    readonly delivery: Delivery,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ProviderResponse {
  status: number;
  /** Parsed JSON, or null when the body was not JSON. */
  body: unknown;
  durationMs: number;
}

const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Connection codes of undici / Node errors, wherever they nest. */
function errorCode(error: unknown): string {
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause as typeof current;
  }
  return 'UNKNOWN';
}

/**
 * The one HTTP client of the provider adapters: JSON in and out, a timeout on connect,
 * headers and body (PROVIDER_TIMEOUT_MS), and a transport error that says whether the
 * request can have reached the provider, which is what decides between failover and
 * waiting for a status check.
 */
@Injectable()
export class ProviderHttpClient implements OnModuleDestroy {
  private readonly agent: Agent;

  constructor(config: AppConfig) {
    const timeout = config.providers.timeoutMs;
    this.agent = new Agent({ connect: { timeout }, headersTimeout: timeout, bodyTimeout: timeout });
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  /**
   * Never inside a database transaction (it throws if one is open): a provider can take
   * PROVIDER_TIMEOUT_MS to answer, and a transaction held that long pins a pooled connection
   * and whatever rows it locked.
   */
  @Transactional(Propagation.Never)
  async call(method: 'GET' | 'POST' | 'PATCH', url: string, options: { headers?: Record<string, string>; json?: unknown } = {}): Promise<ProviderResponse> {
    const started = performance.now();
    try {
      const response = await request(url, {
        method,
        dispatcher: this.agent,
        headers: { accept: 'application/json', ...(options.json === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
      });
      const text = await response.body.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      return { status: response.statusCode, body, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      const code = errorCode(error);
      throw new ProviderTransportError(NOT_DELIVERED.has(code) ? 'no' : 'unknown', code, `${method} ${new URL(url).pathname}: ${code}`);
    }
  }
}

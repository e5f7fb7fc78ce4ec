import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { Agent, request } from 'undici';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';

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

/** Which call this is, for the provider-call metrics: low-cardinality names, never ids. */
export interface ProviderCallLabels {
  provider: string;
  operation: string;
}

/** A call's outcome as a metric label. */
export function providerCallOutcome(answer: { status: number } | ProviderTransportError): string {
  if (answer instanceof ProviderTransportError) return answer.delivery === 'no' ? 'unreachable' : 'no_answer';
  if (answer.status >= 200 && answer.status < 300) return 'ok';
  return answer.status >= 500 ? 'server_error' : 'client_error';
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

  constructor(
    config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    const timeout = config.providers.timeoutMs;
    this.agent = new Agent({ connect: { timeout }, headersTimeout: timeout, bodyTimeout: timeout });
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  /**
   * Never inside a database transaction (it throws if one is open): a provider can take
   * PROVIDER_TIMEOUT_MS to answer, and a transaction held that long pins a pooled connection
   * and whatever rows it locked. Every call is counted and timed by `labels`
   * (palladium_provider_calls_total, palladium_provider_call_duration_seconds).
   */
  @Transactional(Propagation.Never)
  async call(
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    options: { headers?: Record<string, string>; json?: unknown; labels?: ProviderCallLabels } = {},
  ): Promise<ProviderResponse> {
    const started = performance.now();
    const labels = options.labels ?? { provider: 'unknown', operation: method };
    try {
      const response = await this.send(method, url, options);
      this.record(labels, response, started);
      return response;
    } catch (error) {
      if (error instanceof ProviderTransportError) this.record(labels, error, started);
      throw error;
    }
  }

  private record(labels: ProviderCallLabels, answer: ProviderResponse | ProviderTransportError, started: number): void {
    this.metrics.providerCalls.inc({ ...labels, outcome: providerCallOutcome(answer) });
    this.metrics.providerCallDuration.observe(labels, (performance.now() - started) / 1000);
  }

  private async send(method: 'GET' | 'POST' | 'PATCH', url: string, options: { headers?: Record<string, string>; json?: unknown }): Promise<ProviderResponse> {
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

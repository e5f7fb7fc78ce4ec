import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { AppConfig } from '../../config/app-config';
import { guardedLookup, literalAddressProblem } from './url-safety';

export interface SignedCallback {
  url: string;
  eventId: string;
  body: string;
  callbackToken: string;
  /** Current secret first; during a rotation the previous one signs too. */
  signingSecrets: string[];
}

export interface DeliveryOutcome {
  delivered: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseSnippet: string | null;
}

const SNIPPET_BYTES = 1024;

/**
 * POSTs one callback: JSON body, X-CALLBACK-TOKEN (the spec), Standard Webhooks headers
 * (webhook-id, webhook-timestamp, webhook-signature). Only a 2xx counts as delivered;
 * redirects are not followed. Connections to internal addresses are refused.
 */
@Injectable()
export class CallbackSender implements OnModuleDestroy {
  private readonly agent: Agent;

  constructor(private readonly config: AppConfig) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(config.callbacks.allowPrivateUrls), timeout: config.callbacks.timeoutMs },
      headersTimeout: config.callbacks.timeoutMs,
      bodyTimeout: config.callbacks.timeoutMs,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  async send(callback: SignedCallback, now = new Date()): Promise<DeliveryOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const literal = literalAddressProblem(new URL(callback.url), this.config.callbacks.allowPrivateUrls);
    if (literal) return { delivered: false, statusCode: null, latencyMs: 0, error: `Refused: ${literal}`, responseSnippet: null };

    const signature = callback.signingSecrets
      .map((secret) => new Webhook(secret).sign(callback.eventId, now, callback.body))
      .join(' ');
    try {
      const response = await request(callback.url, {
        method: 'POST',
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.config.callbacks.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Palladium-Callbacks/1.0',
          'x-callback-token': callback.callbackToken,
          'webhook-id': callback.eventId,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body: callback.body,
      });
      const snippet = await readSnippet(response.body);
      const delivered = response.statusCode >= 200 && response.statusCode < 300;
      return {
        delivered,
        statusCode: response.statusCode,
        latencyMs: elapsed(),
        error: delivered ? null : `HTTP ${response.statusCode}`,
        responseSnippet: snippet,
      };
    } catch (error) {
      return { delivered: false, statusCode: null, latencyMs: elapsed(), error: describe(error), responseSnippet: null };
    }
  }
}

async function readSnippet(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= SNIPPET_BYTES) break;
    }
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8');
}

function describe(error: unknown): string {
  const err = error as { name?: string; code?: string; message?: string; cause?: { message?: string; code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || /timeout/i.test(err.code ?? '')) return 'Timed out';
  const detail = err.cause?.message ?? err.message ?? String(error);
  return `${err.cause?.code ?? err.code ?? 'Error'}: ${detail}`.slice(0, 500);
}

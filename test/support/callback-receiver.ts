import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export interface ReceiverAnswer {
  status: number;
  /** Milliseconds to wait before answering; Infinity never answers. */
  delayMs?: number;
  body?: string;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for a merchant's callback endpoint. It
 * records every request and answers as the test tells it (per path and call count).
 */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  private answer: (callback: ReceivedCallback, countForPath: number) => ReceiverAnswer = () => ({ status: 200, body: 'ok' });
  private readonly waiting = new Set<() => void>();
  /** Per path: requests received and not answered yet, and the most there ever were. */
  private readonly open = new Map<string, number>();
  private readonly peak = new Map<string, number>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<CallbackReceiver> {
    const server = createServer();
    const receiver = new CallbackReceiver(server);
    server.on('request', (req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const callback = { path: req.url ?? '/', headers: req.headers, body, receivedAt: Date.now() };
        receiver.received.push(callback);
        const open = (receiver.open.get(callback.path) ?? 0) + 1;
        receiver.open.set(callback.path, open);
        receiver.peak.set(callback.path, Math.max(open, receiver.peak.get(callback.path) ?? 0));
        const count = receiver.received.filter((r) => r.path === callback.path).length;
        const answer = receiver.answer(callback, count);
        for (const notify of receiver.waiting) notify();
        if (answer.delayMs === Infinity) return;
        setTimeout(() => {
          receiver.open.set(callback.path, receiver.open.get(callback.path)! - 1);
          if (!res.destroyed) res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path = '/callbacks'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  respond(answer: (callback: ReceivedCallback, countForPath: number) => ReceiverAnswer): void {
    this.answer = answer;
  }

  on(path: string): ReceivedCallback[] {
    return this.received.filter((r) => r.path === path);
  }

  /** The most requests to `path` that were open (received, not answered yet) at once. */
  maxConcurrent(path: string): number {
    return this.peak.get(path) ?? 0;
  }

  /** Resolves once `predicate` holds for what has been received, or rejects after `timeoutMs`. */
  async waitFor(predicate: (received: ReceivedCallback[]) => boolean, timeoutMs = 10_000): Promise<void> {
    if (predicate(this.received)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(check);
        reject(new Error(`receiver: condition not met within ${timeoutMs} ms (${this.received.length} received)`));
      }, timeoutMs);
      const check = () => {
        if (!predicate(this.received)) return;
        clearTimeout(timer);
        this.waiting.delete(check);
        resolve();
      };
      this.waiting.add(check);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/**
 * Standard Webhooks verification written from the spec, independent of the library the
 * app signs with: v1 = base64(HMAC-SHA256(secret bytes, "<id>.<timestamp>.<body>")).
 */
export function signatureIsValid(secret: string, callback: ReceivedCallback): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${callback.headers['webhook-id']}.${callback.headers['webhook-timestamp']}.${callback.body}`;
  const expected = Buffer.from(createHmac('sha256', key).update(signed).digest('base64'));
  return String(callback.headers['webhook-signature'] ?? '')
    .split(' ')
    .some((candidate) => {
      const [version, signature] = candidate.split(',');
      const given = Buffer.from(signature ?? '');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

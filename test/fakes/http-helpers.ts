import { createServer, IncomingMessage, request, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Small HTTP plumbing shared by the fake provider servers (fake-xendit, fake-duitku).
 * Only node:http: the fakes must not depend on the HTTP stack of the app they test.
 */

export type JsonObject = Record<string, unknown>;

/** The request body was not valid JSON (or not a JSON object). Each fake maps it to its own error shape. */
export class BodyParseError extends Error {}

const MAX_BODY_BYTES = 1_000_000;

/** The raw request body as UTF-8. Over 1 MB is refused rather than buffered: a fake has no use for it. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyParseError('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The body as an object, from JSON or application/x-www-form-urlencoded (what `curl -d`
 * sends, as in the Xendit docs' examples). Form values stay strings; callers coerce.
 * An empty body is `{}`. Throws BodyParseError for anything that is not an object.
 */
export async function readJsonOrFormBody(req: IncomingMessage): Promise<JsonObject> {
  const text = await readBody(req);
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const form: JsonObject = {};
    for (const [key, value] of new URLSearchParams(text)) form[key] = value;
    return form;
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BodyParseError('request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BodyParseError('request body must be a JSON object');
  return parsed as JsonObject;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export interface ListeningServer {
  server: Server;
  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `handler` on 127.0.0.1 (loopback only: these are test doubles), on `port` or a
 * random free port when 0. A handler that throws answers 500 instead of crashing the test.
 */
export async function listen(handler: RequestListener, port = 0): Promise<ListeningServer> {
  const server = createServer((req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        console.error('fake provider: unhandled error', error);
        sendJson(res, 500, { message: 'fake provider internal error' });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${actualPort}`,
    // Keep-alive connections (undici's pool in the app, fetch in tests) would hold close() open.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * POSTs `body` as JSON once. Resolves with the HTTP status, or 0 when no answer came
 * (refused, reset, timed out, aborted). Uses a fresh connection each time (agent: false)
 * so no socket outlives the fake.
 */
export function postJson(url: string, body: unknown, options: { headers?: Record<string, string>; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<number> {
  const text = JSON.stringify(body);
  return new Promise((resolve) => {
    let settled = false;
    const done = (status: number) => {
      if (settled) return;
      settled = true;
      resolve(status);
    };
    let req: ReturnType<typeof request>;
    try {
      req = request(url, {
        method: 'POST',
        agent: false,
        signal: options.signal,
        timeout: options.timeoutMs ?? 10_000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...options.headers },
      });
    } catch {
      done(0); // malformed URL
      return;
    }
    req.on('response', (res) => {
      res.resume(); // the answer's body is irrelevant; only the status decides a retry
      res.on('end', () => done(res.statusCode ?? 0));
      res.on('error', () => done(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done(0));
    req.end(text);
  });
}


/**
 * POSTs a callback, retrying on anything but 2xx: `attempts` tries in all, `delayMs`
 * apart (Xendit: 3 tries 30 s apart; Duitku H2H: as configured). `onAttempt` sees every
 * try, so a fake can record them. Resolves with the last status (0: no answer).
 */
export async function postJsonWithRetries(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; attempts: number; delayMs: number; timers: Timers; onAttempt?: (status: number) => void },
): Promise<number> {
  let status = 0;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    if (options.timers.stopped) break;
    status = await postJson(url, body, { headers: options.headers, signal: options.timers.signal });
    if (options.timers.stopped) break; // aborted by close(): not a real attempt
    options.onAttempt?.(status);
    if (status >= 200 && status < 300) break;
    if (attempt < options.attempts) await options.timers.sleep(options.delayMs);
  }
  return status;
}

/**
 * The fakes' background work (delayed completions, callback retries) in one place, so
 * close() can cancel all of it: no timer or request may outlive a test.
 */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  private readonly controller = new AbortController();

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /** Aborted on stop(); pass to outgoing requests. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs `task` after `ms`; its errors are logged, never thrown into the event loop. */
  after(ms: number, task: () => unknown): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      Promise.resolve()
        .then(task)
        .catch((error: unknown) => console.error('fake provider: background task failed', error));
    }, ms);
    this.pending.add(timer);
  }

  /** Resolves after `ms`, or at once when stopped (callers check `stopped`). */
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.pending.delete(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.pending.add(timer);
      this.sleepers.add(wake);
    });
  }

  stop(): void {
    this.controller.abort();
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    for (const wake of [...this.sleepers]) wake();
  }
}

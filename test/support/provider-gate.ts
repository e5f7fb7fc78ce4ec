import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A transparent HTTP relay in front of a fake provider, for the two transport failures the
 * payout code tells apart: a connection that is never made (nothing listens: the request
 * cannot have reached the provider) and an answer that is lost after the provider acted on
 * the request (the connection is reset). The app is pointed at `url`; everything else is
 * passed through as it is. Every answer closes its connection, so no pooled socket outlives
 * a switch: a refused connection is refused for the very next request.
 */
export interface ProviderGate {
  url: string;
  /** From now on nothing listens: connections are refused until open(). */
  refuse(): Promise<void>;
  /** Listens again (same port) and forgets any pending rule. */
  open(): Promise<void>;
  /** The next request whose path matches is answered, then nothing listens any more (until open()). */
  refuseAfter(path: RegExp): void;
  /** The next request whose path matches reaches the provider, which acts on it; its answer is lost (connection reset). */
  dropAnswer(path: RegExp): void;
  close(): Promise<void>;
}

interface Relayed {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function relay(target: string, req: IncomingMessage, body: Buffer): Promise<Relayed> {
  const headers = { ...req.headers };
  delete headers.host;
  delete headers.connection;
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers, agent: false }, (res) => {
      readAll(res).then(
        (answer) => resolve({ status: res.statusCode ?? 502, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') }, body: answer }),
        reject,
      );
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}

export async function startProviderGate(target: string): Promise<ProviderGate> {
  let server: Server | null = null;
  let port = 0;
  let refuseAfterPath: RegExp | null = null;
  let dropAnswerPath: RegExp | null = null;

  const takeRule = (rule: RegExp | null, path: string) => rule !== null && rule.test(path);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://gate').pathname;
    const answer = await relay(target, req, await readAll(req));
    if (takeRule(dropAnswerPath, path)) {
      dropAnswerPath = null;
      req.socket.destroy();
      return;
    }
    if (takeRule(refuseAfterPath, path)) {
      refuseAfterPath = null;
      // Stops accepting before this answer leaves: the caller's next connection is refused.
      void stopListening();
    }
    res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length, connection: 'close' });
    res.end(answer.body);
  }

  function stopListening(): Promise<void> {
    const current = server;
    server = null;
    if (!current) return Promise.resolve();
    return new Promise((resolve) => {
      current.close(() => resolve());
      current.closeIdleConnections();
    });
  }

  async function listen(): Promise<void> {
    if (server) return;
    const next = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        console.error('provider gate: relay failed', error);
        if (!res.headersSent) res.writeHead(502, { connection: 'close' });
        res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        next.off('error', reject);
        resolve();
      });
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  }

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    refuse: () => stopListening(),
    async open() {
      refuseAfterPath = null;
      dropAnswerPath = null;
      await listen();
    },
    refuseAfter(path) {
      refuseAfterPath = path;
    },
    dropAnswer(path) {
      dropAnswerPath = path;
    },
    close: () => stopListening(),
  };
}

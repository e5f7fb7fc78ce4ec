import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { freePort } from './support/free-port';
import { ServerProcess, startServer } from './support/processes';
import { TEST_ADMIN_TOKEN } from './support/test-app';
import { createTestDatabase } from './support/test-database';

const MB = 1024 * 1024;
/** What one oversized request may add to the server's peak memory. Before the fix: +354 MB. */
const MAX_GROWTH_MB = 48;

/** Peak (VmHWM) and current (VmRSS) resident memory of a process, in MB (Linux /proc). */
function memory(pid: number): { peak: number; rss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)![1]) / 1024;
  return { peak: field('VmHWM'), rss: field('VmRSS') };
}

interface Upload {
  status: number | undefined;
  body: string;
  sentMb: number;
}

/**
 * Streams `totalBytes` of `next()` chunks to the server with backpressure, as a client
 * would, and stops sending as soon as the server answers or closes the connection.
 */
function streamUpload(url: string, headers: Record<string, string>, totalBytes: number, next: (offset: number) => Buffer): Promise<Upload> {
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const result = (status: number | undefined, body = '') => resolve({ status, body, sentMb: Math.round(sent / MB) });
    const upload = request(url, { method: 'POST', headers });
    upload.on('response', (response) => {
      answered = true;
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        upload.destroy();
        result(response.statusCode, body);
      });
    });
    upload.on('error', () => {
      if (!answered) result(undefined);
    });
    const pump = () => {
      while (!answered && !upload.destroyed && sent < totalBytes) {
        const chunk = next(sent);
        sent += chunk.length;
        if (!upload.write(chunk)) return void upload.once('drain', pump);
      }
      if (!answered && !upload.destroyed) upload.end();
    };
    pump();
  });
}

const BOUNDARY = 'palladium-memory';
/** One multipart text field of just under 1 MB (the old per-field limit), repeated. */
const FIELD = Buffer.concat([
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="name"\r\n\r\n`),
  Buffer.alloc(MB - 200, 'a'),
  Buffer.from('\r\n'),
]);
const multipart = () => FIELD;
const JSON_START = Buffer.from('{"name":"');
const JSON_CHUNK = Buffer.alloc(MB, 'a');
const json = (offset: number) => (offset === 0 ? JSON_START : JSON_CHUNK);

const MULTIPART = { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Transfer-Encoding': 'chunked' };
const JSON_CHUNKED = { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' };

/**
 * The real server process under oversized bodies: its memory stays bounded whether the
 * sender has a key or not, and the answer comes early (the sender stops after a few MB).
 */
(existsSync('/proc/self/clear_refs') ? describe : describe.skip)('server memory under oversized bodies', () => {
  jest.setTimeout(180_000);
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ServerProcess;
  let apiKey: string;
  const measured: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({
      PORT: String(await freePort()),
      DATABASE_URL: database.url,
      NODE_ENV: 'test',
      ADMIN_API_TOKEN: TEST_ADMIN_TOKEN,
      DEMO_MERCHANT: 'false',
      LOG_LEVEL: 'warn',
    });
    const created = await fetch(`${server.baseUrl}/admin/merchants`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'PT Memory', email: `memory-${Date.now()}@test.com` }),
    });
    apiKey = ((await created.json()) as { api_keys: { development: string } }).api_keys.development;
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    console.log(`Server RSS under oversized bodies:\n${measured.join('\n')}`);
  });

  /** Sends one upload and returns how much the server's peak memory grew meanwhile. */
  const measure = async (label: string, send: () => Promise<Upload>) => {
    const pid = server.child.pid!;
    const before = memory(pid).rss;
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
    const upload = await send();
    const growth = memory(pid).peak - before;
    measured.push(`  ${label}: ${upload.status}, client sent ${upload.sentMb} MB, peak RSS ${before.toFixed(0)} -> ${(before + growth).toFixed(0)} MB (+${growth.toFixed(1)} MB)`);
    return { ...upload, growth };
  };

  it('refuses an unauthenticated 300 MB multipart body before reading it', async () => {
    const upload = await measure('unauthenticated 300 MB multipart', () =>
      streamUpload(`${server.baseUrl}/api/v2/create-virtual-account`, MULTIPART, 300 * MB, multipart),
    );
    expect(upload.status).toBe(401);
    expect(JSON.parse(upload.body).error_code).toBe('INVALID_API_KEY');
    expect(upload.sentMb).toBeLessThan(64);
    expect(upload.growth).toBeLessThan(MAX_GROWTH_MB);
  });

  it('cuts off a 300 MB JSON body to an endpoint without a credential at the small cap', async () => {
    const upload = await measure('unauthenticated 300 MB JSON (Duitku webhook)', () =>
      streamUpload(`${server.baseUrl}/webhooks/duitku/disbursements`, JSON_CHUNKED, 300 * MB, json),
    );
    expect(upload.status).toBe(413);
    expect(JSON.parse(upload.body).error_code).toBe('REQUEST_TOO_LARGE_ERROR');
    expect(upload.sentMb).toBeLessThan(64);
    expect(upload.growth).toBeLessThan(MAX_GROWTH_MB);
  });

  it('cuts off an authenticated 1 GB multipart body at the cap', async () => {
    const upload = await measure('authenticated 1 GB multipart', () =>
      streamUpload(`${server.baseUrl}/api/v2/create-virtual-account`, { ...MULTIPART, Authorization: `Bearer ${apiKey}` }, 1024 * MB, multipart),
    );
    expect(upload.status).toBe(413);
    expect(JSON.parse(upload.body).error_code).toBe('REQUEST_TOO_LARGE_ERROR');
    expect(upload.sentMb).toBeLessThan(64);
    expect(upload.growth).toBeLessThan(MAX_GROWTH_MB);
  });

  it('cuts off an authenticated 1 GB JSON body at the cap, streamed or declared', async () => {
    const streamed = await measure('authenticated 1 GB JSON, chunked', () =>
      streamUpload(`${server.baseUrl}/api/v2/create-virtual-account`, { ...JSON_CHUNKED, Authorization: `Bearer ${apiKey}` }, 1024 * MB, json),
    );
    const declared = await measure('authenticated 1 GB JSON, Content-Length', () =>
      streamUpload(
        `${server.baseUrl}/api/v2/create-virtual-account`,
        { 'Content-Type': 'application/json', 'Content-Length': String(1024 * MB), Authorization: `Bearer ${apiKey}` },
        1024 * MB,
        json,
      ),
    );
    for (const upload of [streamed, declared]) {
      expect(upload.status).toBe(413);
      expect(upload.sentMb).toBeLessThan(64);
      expect(upload.growth).toBeLessThan(MAX_GROWTH_MB);
    }
    // Still serving.
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
  });
});

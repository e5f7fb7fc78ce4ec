import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';
import { sleep } from './support/wait';

const UNKNOWN_KEY = `pallapi_secret_development_${'0'.repeat(32)}`;

/** TRUST_PROXY=loopback: the tests are 127.0.0.1 and speak for clients through X-Forwarded-For. */
const from = (address: string) => ({ 'X-Forwarded-For': address });

const expectLimited = (response: { status: number; headers: Record<string, string>; body: { error_code: string; message: string } }) => {
  expect(response.status).toBe(429);
  expect(response.body.error_code).toBe('RATE_LIMITED_ERROR');
  expect(response.body.message).toMatch(/retry in \d+ s$/);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
};

// One app at a time: @nestjs-cls/transactional keeps one TransactionHost per process, so
// each describe below boots its own app after the previous one closed.

describe('abuse limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_IP: '5', RATE_LIMIT_PER_KEY: '5', RATE_LIMIT_WINDOW_SECONDS: '60', TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  it('answers a burst of bad keys from one address with 401 up to the limit, then 429 with Retry-After', async () => {
    const burst = await Promise.all(
      Array.from({ length: 300 }, () => t.http.get('/api/v2/banks').set(bearer(UNKNOWN_KEY)).set(from('198.51.100.1'))),
    );
    expect(burst.filter((r) => r.status === 401)).toHaveLength(5);
    const limited = burst.filter((r) => r.status === 429);
    expect(limited).toHaveLength(295);
    expectLimited(limited[0]);

    // Refused before the key is looked at: a valid key from that address is refused too, so
    // the answer tells nothing about the key.
    const merchant = await t.createMerchant();
    expectLimited(await t.http.get('/api/v2/banks').set(bearer(merchant.api_keys.development)).set(from('198.51.100.1')));
    // Other addresses are not affected.
    expect((await t.http.get('/api/v2/banks').set(bearer(UNKNOWN_KEY)).set(from('198.51.100.2'))).status).toBe(401);
  });

  it('shares one budget between every credential that fails: API key, operator token, Xendit token', async () => {
    const client = from('198.51.100.3');
    expect((await t.http.get('/admin/merchants').set('Authorization', 'Bearer wrong').set(client)).status).toBe(401);
    expect((await t.http.get('/admin/merchants').set('Authorization', 'Bearer wrong').set(client)).status).toBe(401);
    expect((await t.http.post('/webhooks/xendit/disbursements').set('X-CALLBACK-TOKEN', 'wrong').set(client).send({})).status).toBe(401);
    expect((await t.http.post('/webhooks/xendit/disbursements').set('X-CALLBACK-TOKEN', 'wrong').set(client).send({})).status).toBe(401);
    expect((await t.http.get('/api/v2/me').set(bearer(UNKNOWN_KEY)).set(client)).status).toBe(401);
    expectLimited(await t.http.get('/admin/merchants').set(adminAuth).set(client));
  });

  it('limits each API key, and does not count its requests against the address', async () => {
    const client = from('198.51.100.4');
    const [first, second] = [await t.createMerchant(), await t.createMerchant()];
    const remaining: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await t.http.get('/api/v2/me').set(bearer(first.api_keys.development)).set(client).expect(200);
      expect(response.headers['x-ratelimit-limit']).toBe('5');
      remaining.push(response.headers['x-ratelimit-remaining']);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    expectLimited(await t.http.get('/api/v2/me').set(bearer(first.api_keys.development)).set(client));
    // The production key of the same merchant is another key; another merchant's too.
    await t.http.get('/api/v2/me').set(bearer(first.api_keys.production)).set(client).expect(200);
    await t.http.get('/api/v2/me').set(bearer(second.api_keys.development)).set(client).expect(200);
    // Seven accepted requests from this address, yet its failure budget is untouched.
    expect((await t.http.get('/api/v2/me').set(bearer(UNKNOWN_KEY)).set(client)).status).toBe(401);
  });

  it('limits endpoints without a credential per address', async () => {
    for (let i = 0; i < 5; i += 1) await t.http.get('/health').set(from('198.51.100.5')).expect(200);
    expectLimited(await t.http.get('/health').set(from('198.51.100.5')));
    const duitku = await t.http.post('/webhooks/duitku/disbursements').set(from('198.51.100.5')).send({});
    expectLimited(duitku);
    await t.http.get('/health').set(from('198.51.100.6')).expect(200);
  });

  it('counts an IPv6 /64 as one address', async () => {
    for (let i = 1; i <= 5; i += 1) await t.http.get('/health').set(from(`2001:db8:0:1::${i}`)).expect(200);
    expectLimited(await t.http.get('/health').set(from('2001:db8:0:1:ffff::6')));
    await t.http.get('/health').set(from('2001:db8:0:2::1')).expect(200);
  });
});

describe('abuse limits without a trusted proxy, in a one-second window', () => {
  let t: TestApp;

  beforeAll(async () => (t = await startTestApp({ RATE_LIMIT_PER_IP: '2', RATE_LIMIT_WINDOW_SECONDS: '1' })));
  afterAll(() => t.close());

  it('ignores X-Forwarded-For from an untrusted peer, and lets the client in again after Retry-After', async () => {
    await t.http.get('/health').set(from('203.0.113.1')).expect(200);
    await t.http.get('/health').set(from('203.0.113.2')).expect(200);
    const limited = await t.http.get('/health').set(from('203.0.113.3')).expect(429);
    expect(limited.headers['retry-after']).toBe('1');
    await sleep(1100);
    await t.http.get('/health').expect(200);
  });
});

describe('security headers', () => {
  let t: TestApp;

  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const directives = (csp: string) =>
    new Map(csp.split(';').map((directive) => directive.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

  it('sends the standard security headers on API answers', async () => {
    const response = await t.http.get('/health').expect(200);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
      'content-security-policy': expect.stringContaining("default-src 'self'"),
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
    // Errors too.
    expect((await t.http.get('/api/v2/banks').expect(401)).headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps Swagger UI working under its Content-Security-Policy', async () => {
    const page = await t.http.get('/docs/').expect(200).expect('Content-Type', /html/);
    const csp = directives(page.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toContain("'unsafe-inline'");
    expect(csp.get('img-src')).toEqual(expect.arrayContaining(["'self'", 'data:']));
    // A plain-http development server must not have its assets upgraded to https.
    expect(csp.has('upgrade-insecure-requests')).toBe(false);

    // script-src 'self' allows no inline script: every script is a same-origin file that loads.
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const [, attributes, inline] of scripts) {
      expect(inline.trim()).toBe('');
      const src = /src=["']([^"']+)["']/.exec(attributes)?.[1];
      expect(src).toMatch(/^(\.\/|\/docs\/)?[\w.-]+\.js$/);
      const asset = await t.http.get(new URL(src!, 'http://localhost/docs/').pathname).expect(200);
      expect(asset.headers['content-type']).toMatch(/javascript/);
    }
    const stylesheets = [...page.text.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"|<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"/g)];
    for (const [, first, second] of stylesheets) {
      await t.http.get(new URL(first ?? second, 'http://localhost/docs/').pathname).expect(200).expect('Content-Type', /css/);
    }
    // The UI loads the document from the same origin (connect-src falls back to 'self').
    expect(csp.get('connect-src') ?? csp.get('default-src')).toContain("'self'");
    await t.http.get('/docs-json').expect(200);
  });
});

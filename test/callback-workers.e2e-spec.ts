import { freePort } from './support/free-port';
import { CallbackReceiver } from './support/callback-receiver';
import { startServer } from './support/processes';
import { bearer, startTestApp } from './support/test-app';
import { sleep } from './support/wait';

describe('callback delivery across instances and crashes', () => {
  jest.setTimeout(120_000);
  let receiver: CallbackReceiver;

  beforeAll(async () => (receiver = await CallbackReceiver.start()));
  afterAll(() => receiver.close());

  it('two instances on one database deliver each event exactly once', async () => {
    const first = await startTestApp();
    const second = await startTestApp({ DATABASE_URL: first.databaseUrl });
    try {
      receiver.respond(() => ({ status: 200, delayMs: 20 }));
      const merchant = await first.createMerchant();
      await first.http.put('/api/v2/callback-urls').set(bearer(merchant.api_keys.development)).send({ 'top_up.approved': receiver.url('/pair') }).expect(200);
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          (i % 2 ? first : second).http.post('/api/v2/top-ups').set(bearer(merchant.api_keys.development)).send({ amount: 10 + i, transfer_reference: `PAIR-${i}` }).expect(201),
        ),
      );
      await receiver.waitFor(() => receiver.on('/pair').length >= 60, 20_000);
      await sleep(500);
      const ids = receiver.on('/pair').map((c) => String(c.headers['webhook-id']));
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      const [{ attempts }] = await first.sql<{ attempts: number }>('SELECT count(*)::int AS attempts FROM callback_attempts');
      expect(attempts).toBe(60);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('an instance killed mid-delivery loses nothing: another delivers after the lease', async () => {
    // The API instance does not deliver; a separate server process does, and is killed.
    const api = await startTestApp({ CALLBACK_WORKER_ENABLED: 'false' });
    const env = {
      DATABASE_URL: api.databaseUrl,
      CALLBACK_ALLOW_PRIVATE_URLS: 'true',
      CALLBACK_TIMEOUT_MS: '3000',
      CALLBACK_POLL_INTERVAL_MS: '100',
      DEMO_MERCHANT: 'false',
      LOG_LEVEL: 'warn',
    };
    try {
      const merchant = await api.createMerchant();
      await api.http.put('/api/v2/callback-urls').set(bearer(merchant.api_keys.development)).send({ 'top_up.approved': receiver.url('/crash') }).expect(200);
      // The first delivery hangs; the one after the restart succeeds.
      receiver.respond((callback, count) => (callback.path === '/crash' && count === 1 ? { status: 200, delayMs: Infinity } : { status: 200 }));

      const doomed = await startServer({ ...env, PORT: String(await freePort()) });
      const { id } = (await api.http.post('/api/v2/top-ups').set(bearer(merchant.api_keys.development)).send({ amount: 5, transfer_reference: 'CRASH-1' }).expect(201)).body;
      await receiver.waitFor(() => receiver.on('/crash').length === 1);
      await doomed.stop('SIGKILL');

      const survivor = await startServer({ ...env, PORT: String(await freePort()) });
      try {
        await receiver.waitFor(() => receiver.on('/crash').length === 2, 30_000);
      } finally {
        await survivor.stop('SIGTERM');
      }
      const [first, second] = receiver.on('/crash');
      expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
      const { body } = await api.http.get(`/api/v2/callbacks?resource_id=${id}`).set(bearer(merchant.api_keys.development)).expect(200);
      expect(body.data[0].status).toBe('delivered');
      // The killed instance never recorded its attempt; the survivor's is the one logged.
      expect(body.data[0].attempts).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it('refuses private and internal callback URLs unless explicitly allowed', async () => {
    const guarded = await startTestApp({ CALLBACK_ALLOW_PRIVATE_URLS: 'false' });
    try {
      const merchant = await guarded.createMerchant();
      const put = (url: string) =>
        guarded.http.put('/api/v2/callback-urls').set(bearer(merchant.api_keys.development)).send({ 'virtual_account.paid': url });
      const howToAllow =
        '. To receive callbacks on your own machine while developing, expose your receiver through a public HTTPS tunnel, ' +
        'or run Palladium yourself with CALLBACK_ALLOW_PRIVATE_URLS=true';
      for (const [url, message] of [
        ['http://127.0.0.1:8080/cb', 'virtual_account.paid: must not point to 127.0.0.1, a private or internal address (callbacks go to public addresses only)'],
        ['http://169.254.169.254/latest/meta-data', 'virtual_account.paid: must not point to 169.254.169.254, a private or internal address'],
        ['http://[::1]/cb', 'virtual_account.paid: must not point to ::1, a private or internal address'],
        ['http://localhost:3000/cb', 'virtual_account.paid: host localhost resolves to'],
      ]) {
        const response = await put(url).expect(400);
        expect(response.body.error_code).toBe('API_VALIDATION_ERROR');
        expect(response.body.message).toContain(message);
        // A development key is told how a local receiver can be reached.
        expect(response.body.message.endsWith(howToAllow)).toBe(true);
        expect(response.body.errors).toEqual([{ field: 'virtual_account.paid', message: response.body.message }]);
      }
      expect((await put('https://user:pass@8.8.8.8/cb').expect(400)).body.message).toBe('virtual_account.paid: must not contain credentials');
      await put('https://8.8.8.8/cb').expect(200);
      const putProduction = (url: string) =>
        guarded.http.put('/api/v2/callback-urls').set(bearer(merchant.api_keys.production)).send({ 'virtual_account.paid': url });
      const insecure = await putProduction('http://8.8.8.8/cb').expect(400);
      expect(insecure.body.message).toBe('virtual_account.paid: must use https in production');
      // Production callbacks go to public addresses, full stop: no hint to lift the rule.
      const local = await putProduction('https://127.0.0.1/cb').expect(400);
      expect(local.body.message).toBe('virtual_account.paid: must not point to 127.0.0.1, a private or internal address (callbacks go to public addresses only)');
    } finally {
      await guarded.close();
    }
  });
});

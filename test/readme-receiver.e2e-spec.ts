import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { freePort } from './support/free-port';
import { PROJECT_ROOT } from './support/processes';
import { bearer, startTestApp } from './support/test-app';
import { pollUntil } from './support/wait';

/** The receiver example in README "Verifying a callback", run as written against real callbacks. */
describe('README callback verification example', () => {
  jest.setTimeout(60_000);

  it('accepts Palladium callbacks and rejects forged ones', async () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const example = /### Verifying a callback \(Node\.js\)\s+```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();

    const t = await startTestApp();
    const port = await freePort();
    const merchant = await t.createMerchant();
    const secrets = (await t.http.get('/api/v2/callback-secrets').set(bearer(merchant.api_keys.development))).body;
    const child = spawn(process.execPath, ['-e', `${example}\napp.listen(${port}, '127.0.0.1', () => console.log('listening'));`], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PALLADIUM_CALLBACK_TOKEN: secrets.callback_token, PALLADIUM_SIGNING_SECRET: secrets.signing_secret },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk) => String(chunk).includes('listening') && resolve());
        child.on('exit', (code) => reject(new Error(`example exited with ${code}`)));
      });
      const url = `http://127.0.0.1:${port}/palladium/callbacks`;
      await t.http.put('/api/v2/callback-urls').set(bearer(merchant.api_keys.development)).send({ 'top_up.approved': url }).expect(200);
      const { id } = (await t.http.post('/api/v2/top-ups').set(bearer(merchant.api_keys.development)).send({ amount: 1, transfer_reference: 'README' })).body;

      let event: { status: string; attempts: { status_code: number }[] } | undefined;
      await pollUntil(async () => {
        event = (await t.http.get(`/api/v2/callbacks?resource_id=${id}`).set(bearer(merchant.api_keys.development))).body.data[0];
        return event?.status === 'delivered';
      }, { timeoutMs: 10_000, intervalMs: 100 });
      expect(event?.status).toBe('delivered');
      expect(event?.attempts[0].status_code).toBe(200);

      const body = JSON.stringify({ id: 'evt_forged', event: 'top_up.approved', data: { amount: 999999999 } });
      const forged = (headers: Record<string, string>) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then((r) => r.status);
      const timestamp = String(Math.floor(Date.now() / 1000));
      expect(await forged({ 'x-callback-token': 'wrong', 'webhook-id': 'evt_forged', 'webhook-timestamp': timestamp, 'webhook-signature': 'v1,AAAA' })).toBe(401);
      expect(await forged({ 'x-callback-token': secrets.callback_token, 'webhook-id': 'evt_forged', 'webhook-timestamp': timestamp, 'webhook-signature': 'v1,AAAA' })).toBe(401);
    } finally {
      child.kill();
      await t.close();
    }
  });
});

import { timingSafeEqual } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import { CallbacksService } from '../src/callbacks/outbox/callbacks.service';
import type { CreatedMerchantView } from '../src/merchants/merchant.views';
import { CallbackReceiver, signatureIsValid } from './support/callback-receiver';
import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';
import { sleep, waitUntil } from './support/wait';


describe('callbacks to merchants', () => {
  let t: TestApp;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    t = await startTestApp({ CALLBACK_RETRY_SCHEDULE: '0,0.2,0.2' });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  async function merchantCalledBackAt(path: string): Promise<CreatedMerchantView> {
    const merchant = await t.createMerchant();
    await t.http
      .put('/api/v2/callback-urls')
      .set(bearer(merchant.api_keys.development))
      .send({ 'top_up.approved': receiver.url(path) })
      .expect(200);
    return merchant;
  }

  /** A development top-up is approved at once and emits top_up.approved. */
  const topUp = async (merchant: CreatedMerchantView, reference: string) =>
    (await t.http.post('/api/v2/top-ups').set(bearer(merchant.api_keys.development)).send({ amount: 1000, transfer_reference: reference }).expect(201))
      .body as { id: string };

  const secrets = async (merchant: CreatedMerchantView) =>
    (await t.http.get('/api/v2/callback-secrets').set(bearer(merchant.api_keys.development)).expect(200)).body;

  it('manages callback URLs per environment with clear validation errors', async () => {
    const merchant = await t.createMerchant();
    const key = merchant.api_keys.development;
    const initial = await t.http.get('/api/v2/callback-urls').set(bearer(key)).expect(200);
    expect(initial.body['virtual_account.paid']).toBeNull();
    expect(Object.keys(initial.body)).toEqual(expect.arrayContaining(['virtual_account.created', 'virtual_account.paid', 'retail_payment.paid', 'disbursement.completed', 'payment.settled']));

    const set = await t.http.put('/api/v2/callback-urls').set(bearer(key)).send({ 'virtual_account.paid': 'https://8.8.8.8/paid' }).expect(200);
    expect(set.body['virtual_account.paid']).toBe('https://8.8.8.8/paid');
    const prod = await t.http.get('/api/v2/callback-urls').set(bearer(merchant.api_keys.production)).expect(200);
    expect(prod.body['virtual_account.paid']).toBeNull();

    const bad = await t.http
      .put('/api/v2/callback-urls')
      .set(bearer(key))
      .send({ 'virtual_account.paid': 'ftp://x.test/cb', 'no.such.event': 'https://x.test', 'retail_payment.paid': 'not a url' })
      .expect(400);
    expect(bad.body.error_code).toBe('API_VALIDATION_ERROR');
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'virtual_account.paid', message: 'virtual_account.paid: must use http or https' },
        { field: 'no.such.event', message: expect.stringContaining('unknown event type') },
        { field: 'retail_payment.paid', message: 'retail_payment.paid: is not a valid absolute URL' },
      ]),
    );

    await t.http.put('/api/v2/callback-urls').set(bearer(key)).send({ 'virtual_account.paid': null }).expect(200);
    expect((await t.http.get('/api/v2/callback-urls').set(bearer(key))).body['virtual_account.paid']).toBeNull();
  });

  it('retries 500, 500, then delivers on the third attempt with a valid token and signature', async () => {
    const merchant = await merchantCalledBackAt('/flaky');
    receiver.respond((callback, count) => (callback.path === '/flaky' && count < 3 ? { status: 500, body: 'boom' } : { status: 200, body: 'thanks' }));
    const { id: topUpId } = await topUp(merchant, 'FLAKY-1');
    await receiver.waitFor(() => receiver.on('/flaky').length === 3);

    const calls = receiver.on('/flaky');
    const { signing_secret, callback_token } = await secrets(merchant);
    for (const call of calls) {
      expect(call.headers['content-type']).toBe('application/json');
      const token = Buffer.from(String(call.headers['x-callback-token']));
      expect(token.length === Buffer.byteLength(callback_token) && timingSafeEqual(token, Buffer.from(callback_token))).toBe(true);
      expect(signatureIsValid(signing_secret, call)).toBe(true);
      expect(Math.abs(Number(call.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    }
    expect(new Set(calls.map((c) => c.headers['webhook-id'])).size).toBe(1);
    const payload = JSON.parse(calls[2].body);
    expect(payload).toMatchObject({ id: calls[2].headers['webhook-id'], event: 'top_up.approved', environment: 'development', data: { id: topUpId, status: 'approved', amount: 1000 } });
    expect(calls[2].body).not.toContain(signing_secret);
    expect(calls[2].body).not.toContain(callback_token);

    await waitUntil(async () => (await eventOf(merchant, topUpId)).status === 'delivered');
    const event = await eventOf(merchant, topUpId);
    expect(event.attempts.map((a: { status_code: number }) => a.status_code)).toEqual([500, 500, 200]);
    expect(event.attempts[0]).toMatchObject({ error: 'HTTP 500', response_snippet: 'boom', url: receiver.url('/flaky') });
    expect(event.attempts[2]).toMatchObject({ error: null, response_snippet: 'thanks' });
    expect(event.attempts.every((a: { latency_ms: number }) => a.latency_ms >= 0)).toBe(true);
  });

  it('marks an event failed once the schedule is exhausted, and resend delivers it', async () => {
    const merchant = await merchantCalledBackAt('/down');
    receiver.respond((callback) => (callback.path === '/down' ? { status: 503 } : { status: 200 }));
    const { id } = await topUp(merchant, 'DOWN-1');
    await waitUntil(async () => (await eventOf(merchant, id)).status === 'failed');
    const failed = await eventOf(merchant, id);
    expect(failed.attempts).toHaveLength(3);
    expect(failed.next_attempt).toBeNull();

    receiver.respond(() => ({ status: 204 }));
    await t.http.post(`/api/v2/callbacks/${failed.id}/resend`).set(bearer(merchant.api_keys.development)).expect(200);
    await waitUntil(async () => (await eventOf(merchant, id)).status === 'delivered');
    expect((await eventOf(merchant, id)).attempts).toHaveLength(4);
  });

  it('keeps events without a URL as no_url and delivers them on resend after configuring one', async () => {
    const merchant = await t.createMerchant();
    const { id } = await topUp(merchant, 'NOURL-1');
    const event = await eventOf(merchant, id);
    expect(event).toMatchObject({ status: 'no_url', attempts: [] });
    const refused = await t.http.post(`/api/v2/callbacks/${event.id}/resend`).set(bearer(merchant.api_keys.development)).expect(400);
    expect(refused.body.error_code).toBe('CALLBACK_URL_NOT_CONFIGURED_ERROR');

    receiver.respond(() => ({ status: 200 }));
    await t.http.put('/api/v2/callback-urls').set(bearer(merchant.api_keys.development)).send({ 'top_up.approved': receiver.url('/late') }).expect(200);
    await t.http.post(`/api/v2/callbacks/${event.id}/resend`).set(bearer(merchant.api_keys.development)).expect(200);
    await receiver.waitFor(() => receiver.on('/late').length === 1);
    expect(JSON.parse(receiver.on('/late')[0].body).data.id).toBe(id);
  });

  it('sends nothing for an event emitted in a transaction that rolled back', async () => {
    const merchant = await merchantCalledBackAt('/rollback');
    const callbacks = t.app.get(CallbacksService);
    const scope = { merchantId: merchant.id, environment: 'development' as const };
    await expect(
      t.app.get(TransactionHost).withTransaction(async () => {
        await callbacks.emit(scope, 'top_up.approved', 'rolled-back', 'rolled-back', { id: 'rolled-back' });
        throw new Error('business rule failed after emit');
      }),
    ).rejects.toThrow('business rule failed');
    // The outbox only writes inside the caller's transaction: alone, an emit is refused.
    await expect(callbacks.emit(scope, 'top_up.approved', 'alone', 'alone', { id: 'alone' })).rejects.toThrow(/transaction/i);
    await t.app.get(TransactionHost).withTransaction(() => callbacks.emit(scope, 'top_up.approved', 'committed', 'committed', { id: 'committed' }));
    await receiver.waitFor(() => receiver.on('/rollback').length >= 1);
    await sleep(300);
    expect(receiver.on('/rollback').map((c) => JSON.parse(c.body).data.id)).toEqual(['committed']);
    expect(await t.sql("SELECT id FROM callback_events WHERE resource_id = 'rolled-back'")).toEqual([]);
  });

  it('does not let a slow receiver stall deliveries to other merchants', async () => {
    const slow = await merchantCalledBackAt('/slow');
    const fast = await merchantCalledBackAt('/fast');
    receiver.respond((callback) => (callback.path === '/slow' ? { status: 200, delayMs: 5_000 } : { status: 200 }));
    for (let i = 0; i < 20; i++) await topUp(slow, `SLOW-${i}`);
    await receiver.waitFor(() => receiver.on('/slow').length >= 1);
    const started = Date.now();
    await topUp(fast, 'FAST-1');
    await receiver.waitFor(() => receiver.on('/fast').length === 1, 1_500);
    expect(Date.now() - started).toBeLessThan(1_500);
    // The slow merchant is held to its share of delivery slots.
    expect(receiver.on('/slow').length).toBeLessThanOrEqual(4);
  });

  it('signs with both secrets during a signing secret rotation', async () => {
    const merchant = await merchantCalledBackAt('/rotated');
    receiver.respond(() => ({ status: 200 }));
    const before = await secrets(merchant);
    const rotated = (await t.http.post('/api/v2/callback-secrets/rotate-signing-secret').set(bearer(merchant.api_keys.development)).expect(200)).body;
    expect(rotated.signing_secret).not.toBe(before.signing_secret);
    expect(rotated.previous_signing_secret).toBe(before.signing_secret);
    await topUp(merchant, 'ROT-1');
    await receiver.waitFor(() => receiver.on('/rotated').length === 1);
    const [call] = receiver.on('/rotated');
    expect(String(call.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(signatureIsValid(rotated.signing_secret, call)).toBe(true);
    expect(signatureIsValid(before.signing_secret, call)).toBe(true);
    expect(signatureIsValid('whsec_' + Buffer.alloc(32).toString('base64'), call)).toBe(false);
  });

  it('sends a test event on request and returns what the receiver answered', async () => {
    const merchant = await merchantCalledBackAt('/test');
    receiver.respond((callback) => (callback.path === '/test' ? { status: 418, body: 'teapot' } : { status: 200 }));
    const response = await t.http.post('/api/v2/callback-urls/test').set(bearer(merchant.api_keys.development)).field('event_type', 'top_up.approved').expect(200);
    // snake_case like the rest of the API (and like the attempts in the callback log).
    expect(response.body).toEqual({
      url: receiver.url('/test'),
      event_id: expect.stringMatching(/^evt_/),
      delivered: false,
      status_code: 418,
      latency_ms: expect.any(Number),
      error: 'HTTP 418',
      response_snippet: 'teapot',
    });
    const [call] = receiver.on('/test');
    expect(JSON.parse(call.body)).toMatchObject({ event: 'callback.test', data: { event_type: 'top_up.approved' } });
    expect(signatureIsValid((await secrets(merchant)).signing_secret, call)).toBe(true);
    const missing = await t.http.post('/api/v2/callback-urls/test').set(bearer(merchant.api_keys.development)).send({ event_type: 'payment.settled' }).expect(400);
    expect(missing.body.error_code).toBe('CALLBACK_URL_NOT_CONFIGURED_ERROR');
  });

  it('scopes the log to the merchant and environment; operators see all', async () => {
    const merchant = await merchantCalledBackAt('/scoped');
    const other = await t.createMerchant();
    const { id } = await topUp(merchant, 'SCOPE-1');
    const event = await eventOf(merchant, id);
    await t.http.get(`/api/v2/callbacks/${event.id}`).set(bearer(other.api_keys.development)).expect(404);
    await t.http.get(`/api/v2/callbacks/${event.id}`).set(bearer(merchant.api_keys.production)).expect(404);
    await t.http.get(`/api/v2/callbacks/${event.id}`).set(bearer(merchant.api_keys.development)).expect(200);
    const admin = await t.http.get(`/admin/callbacks?merchant_id=${merchant.id}&event=top_up.approved`).set(adminAuth).expect(200);
    expect(admin.body.data.map((e: { id: string }) => e.id)).toContain(event.id);
  });

  async function eventOf(merchant: CreatedMerchantView, resourceId: string) {
    const { body } = await t.http.get(`/api/v2/callbacks?resource_id=${resourceId}`).set(bearer(merchant.api_keys.development)).expect(200);
    expect(body.data).toHaveLength(1);
    return body.data[0];
  }
});

import { CallbackReceiver } from './support/callback-receiver';
import { bearer, startTestApp, TestApp } from './support/test-app';

/** Issue 13: an Alfamart code's creation is called back like a virtual account's. */
describe('retail_payment.created', () => {
  let t: TestApp;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('is emitted once per created code, with the create response as its data', async () => {
    const merchant = await t.createMerchant();
    const key = merchant.api_keys.development;
    await t.http.put('/api/v2/callback-urls').set(bearer(key)).send({ 'retail_payment.created': receiver.url('/retail-created') }).expect(200);

    const create = () =>
      t.http
        .post('/api/v2/create-retail-payment')
        .set(bearer(key))
        .set('Idempotency-Key', 'code-1')
        .send({ retail_outlet_name: 'ALFAMART', name: 'Budi Santoso', amount: 100_000, external_id: 'created-1' })
        .expect(200);
    const { body: code } = await create();
    // Committed with the code: stored before the response was sent.
    const stored = () => t.sql('SELECT event_type FROM callback_events WHERE merchant_id = $1', [merchant.id]);
    expect(await stored()).toEqual([{ event_type: 'retail_payment.created' }]);
    // A retry replays the response and creates nothing, so emits nothing.
    const retry = await create();
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(code);
    expect(await stored()).toHaveLength(1);

    await receiver.waitFor(() => receiver.on('/retail-created').length > 0);
    const [delivered, ...more] = receiver.on('/retail-created');
    expect(more).toEqual([]);
    expect(delivered.headers['x-callback-token']).toBe(merchant.callback_token);
    expect(JSON.parse(delivered.body)).toEqual({
      id: delivered.headers['webhook-id'],
      event: 'retail_payment.created',
      created: expect.any(String),
      environment: 'development',
      data: code,
    });
  });
});

import { PaymentsService } from '../src/payments/recording/payments.service';
import type { CreatedMerchantView } from '../src/merchants/merchant.views';
import { CallbackReceiver } from './support/callback-receiver';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { sleep } from './support/wait';


describe('receiving payments: virtual accounts and Alfamart codes', () => {
  let t: TestApp;
  let receiver: CallbackReceiver;
  let merchant: CreatedMerchantView;
  let key: string;

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    t = await startTestApp({ SANDBOX_UNPAID_SECONDS: '1', SANDBOX_PENDING_SECONDS: '2' });
    merchant = await t.createMerchant();
    key = merchant.api_keys.development;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const createVa = (fields: Record<string, string>, apiKey = key) => {
    const request = t.http.post('/api/v2/create-virtual-account').set('Authorization', `Bearer ${apiKey}`);
    for (const [name, value] of Object.entries(fields)) request.field(name, value);
    return request;
  };
  const specVa = { bank_code: 'BNI', name: 'PT Test Bersama', is_single_use: 'true', amount: '10000000', external_id: '124' };

  it('answers the spec curl example for virtual accounts with the spec JSON shape', async () => {
    const { body } = await createVa(specVa).expect(200);
    expect(Object.keys(body)).toEqual(['id', 'status', 'external_id', 'bank_code', 'account_name', 'account_number', 'amount', 'is_single_use', 'expiration_date']);
    expect(body).toMatchObject({ status: 'unpaid', external_id: '124', bank_code: 'BNI', account_name: 'XDT-PT Test Bersama', amount: 10000000, is_single_use: true });
    expect(body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(body.account_number).toMatch(/^88089999\d{8}$/);
    const expectedYear = new Date(Date.now() + 7 * 3600_000).getUTCFullYear() + 31;
    expect(body.expiration_date).toMatch(new RegExp(`^${expectedYear}-\\d{2}-\\d{2} 00:00:00$`));
  });

  it('answers the spec curl example for Alfamart with the spec JSON shape', async () => {
    const { body } = await t.http
      .post('/api/v2/create-retail-payment')
      .set('Authorization', `Bearer ${key}`)
      .field('name', 'PT Test Bersama')
      .field('retail_outlet_name', 'ALFAMART')
      .field('amount', '1000000')
      .field('external_id', '123')
      .expect(200);
    expect(Object.keys(body)).toEqual(['id', 'status', 'external_id', 'retail_outlet_name', 'name', 'payment_code', 'amount', 'is_single_use', 'expiration_date']);
    expect(body).toMatchObject({ status: 'unpaid', external_id: '123', retail_outlet_name: 'ALFAMART', name: 'PT Test Bersama', amount: 1000000, is_single_use: false });
    expect(body.payment_code).toMatch(/^TEST\d{6}$/);
    expect(body.expiration_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('follows the QA timeline: unpaid, then pending, then done with money in the income wallet', async () => {
    const timeline = await t.createMerchant();
    const devKey = timeline.api_keys.development;
    await t.http
      .put('/api/v2/callback-urls')
      .set(bearer(devKey))
      .send({ 'virtual_account.created': receiver.url('/va-created'), 'virtual_account.paid': receiver.url('/va-paid'), 'payment.settled': receiver.url('/settled') })
      .expect(200);
    const me = async () => (await t.http.get('/api/v2/me').set(bearer(devKey))).body.remaning_withdrawable_amount;
    const status = async (id: string) => (await t.http.get(`/api/v2/virtual-accounts/${id}`).set(bearer(devKey))).body.status;

    const { body: va } = await createVa({ ...specVa, amount: '250000', external_id: 'timeline' }, devKey).expect(200);
    expect(va.status).toBe('unpaid');
    await waitFor(async () => (await status(va.id)) === 'pending', 5_000);
    expect(await me()).toBe(0);
    await waitFor(async () => (await status(va.id)) === 'done', 6_000);
    expect(await me()).toBe(250000);

    await receiver.waitFor(() => receiver.on('/settled').length === 1);
    const [created] = receiver.on('/va-created');
    const [paid] = receiver.on('/va-paid');
    expect(created.receivedAt).toBeLessThanOrEqual(paid.receivedAt);
    expect(JSON.parse(created.body)).toMatchObject({ event: 'virtual_account.created', data: { id: va.id, status: 'unpaid' } });
    expect(JSON.parse(paid.body)).toMatchObject({ event: 'virtual_account.paid', data: { id: va.id, status: 'pending', payment: { amount: 250000, status: 'pending' } } });
    expect(JSON.parse(receiver.on('/settled')[0].body)).toMatchObject({ event: 'payment.settled', data: { resource_id: va.id, status: 'done', amount: 250000, external_id: 'timeline' } });
    for (const call of [created, paid]) expect(call.headers['x-callback-token']).toBe(timeline.callback_token);

    const payments = (await t.http.get(`/api/v2/virtual-accounts/${va.id}/payments`).set(bearer(devKey)).expect(200)).body;
    expect(payments).toEqual([expect.objectContaining({ amount: 250000, status: 'done', settled_at: expect.any(String) })]);
  });

  it('records the same payment notification delivered 20 times at once exactly once', async () => {
    const { body: va } = await createVa({ ...specVa, external_id: 'dupes', amount: '777000' }).expect(200);
    const payments = t.app.get(PaymentsService);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        payments.record({ resourceType: 'virtual_account', resourceId: va.id, provider: 'xendit', providerPaymentId: 'xnd-payment-1' }),
      ),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.payment.id)).size).toBe(1);
    const paymentId = results[0].payment.id;
    expect(await t.sql('SELECT id FROM payments WHERE resource_id = $1', [va.id])).toHaveLength(1);
    expect(await t.sql("SELECT id FROM ledger_transfers WHERE reference = $1 AND code = 'payment'", [paymentId])).toHaveLength(1);
    expect(await t.sql("SELECT id FROM callback_events WHERE event_type = 'virtual_account.paid' AND resource_id = $1", [va.id])).toHaveLength(1);
  });

  it('single-use accepts one payment, multi-use many, expired none', async () => {
    const { body: single } = await createVa({ ...specVa, external_id: 'single' }).expect(200);
    await t.http.post(`/api/v2/simulate/virtual-accounts/${single.id}/pay`).set(bearer(key)).expect(200);
    const again = await t.http.post(`/api/v2/simulate/virtual-accounts/${single.id}/pay`).set(bearer(key)).expect(409);
    expect(again.body).toMatchObject({ error_code: 'PAYMENT_NOT_ACCEPTED_ERROR', message: expect.stringContaining('single-use and has already been paid') });

    const { body: multi } = await createVa({ ...specVa, is_single_use: 'false', external_id: 'multi' }).expect(200);
    for (const amount of [1000, 2000, 3000]) {
      await t.http.post(`/api/v2/simulate/virtual-accounts/${multi.id}/pay`).set(bearer(key)).send({ amount }).expect(200);
    }
    const paid = (await t.http.get(`/api/v2/virtual-accounts/${multi.id}/payments`).set(bearer(key))).body;
    expect(paid.map((p: { amount: number }) => p.amount)).toEqual([1000, 2000, 3000]);

    const { body: soon } = await createVa({ ...specVa, external_id: 'soon' }).expect(200);
    const expiry = new Date(Date.now() + 1_000).toISOString();
    await t.http.patch(`/api/v2/virtual-accounts/${soon.id}`).set(bearer(key)).send({ expiration_date: expiry }).expect(200);
    await sleep(1_200);
    expect((await t.http.get(`/api/v2/virtual-accounts/${soon.id}`).set(bearer(key))).body.status).toBe('expired');
    const expired = await t.http.post(`/api/v2/simulate/virtual-accounts/${soon.id}/pay`).set(bearer(key)).expect(409);
    expect(expired.body.message).toContain('expired at');
  });

  it('finds by external_id, updates amount and expiration, and validates input', async () => {
    const { body: va } = await t.http
      .post('/api/v2/create-virtual-account')
      .set(bearer(key))
      .send({ bank_code: 'BSS', account_name: 'Toko Maju', is_single_use: false, amount: 50000, external_id: 'find-me', expiration_date: '2040-01-01 10:00:00' })
      .expect(200);
    expect(va).toMatchObject({ account_name: 'XDT-Toko Maju', expiration_date: '2040-01-01 10:00:00', bank_code: 'BSS' });
    const found = (await t.http.get('/api/v2/virtual-accounts?external_id=find-me').set(bearer(key)).expect(200)).body;
    expect(found.map((v: { id: string }) => v.id)).toEqual([va.id]);
    const updated = (await t.http.patch(`/api/v2/virtual-accounts/${va.id}`).set(bearer(key)).field('amount', '75000').field('expiration_date', '2041-02-03 04:05:06').expect(200)).body;
    expect(updated).toMatchObject({ amount: 75000, expiration_date: '2041-02-03 04:05:06' });

    const cases: [Record<string, string>, number, string][] = [
      [{ ...specVa, bank_code: 'BCA' }, 400, 'BANK_COMING_SOON_ERROR'],
      [{ ...specVa, bank_code: 'MANDIRI' }, 400, 'BANK_NOT_SUPPORTED_ERROR'],
      [{ ...specVa, amount: '0' }, 400, 'API_VALIDATION_ERROR'],
      [{ ...specVa, is_single_use: 'maybe' }, 400, 'API_VALIDATION_ERROR'],
      [{ bank_code: 'BNI', is_single_use: 'true', amount: '1000', external_id: 'x' }, 400, 'API_VALIDATION_ERROR'],
      [{ ...specVa, account_name: 'Other Name' }, 400, 'API_VALIDATION_ERROR'],
      [{ ...specVa, expiration_date: '2001-01-01 00:00:00' }, 400, 'API_VALIDATION_ERROR'],
    ];
    for (const [fields, status, code] of cases) {
      const response = await createVa(fields).expect(status);
      expect(response.body.error_code).toBe(code);
    }
    const small = await t.http.post('/api/v2/create-retail-payment').set(bearer(key)).send({ retail_outlet_name: 'ALFAMART', name: 'x', amount: 9999, external_id: 'x' }).expect(400);
    expect(small.body.message).toBe('amount must be between 10000 and 5000000 for ALFAMART payment codes');
    const outlet = await t.http.post('/api/v2/create-retail-payment').set(bearer(key)).send({ retail_outlet_name: 'INDOMARET', name: 'x', amount: 10000, external_id: 'x' }).expect(400);
    expect(outlet.body.error_code).toBe('RETAIL_OUTLET_NOT_SUPPORTED_ERROR');
  });

  it('refuses production requests clearly while no provider is configured, creating nothing', async () => {
    const response = await createVa(specVa, merchant.api_keys.production).expect(503);
    expect(response.body).toMatchObject({ error_code: 'PROVIDER_NOT_CONFIGURED_ERROR', message: expect.stringContaining('No upstream provider is configured') });
    expect(await t.sql("SELECT id FROM virtual_accounts WHERE environment = 'production'")).toEqual([]);
    const simulate = await t.http.post(`/api/v2/simulate/virtual-accounts/${'0'.repeat(32)}/pay`).set(bearer(merchant.api_keys.production)).expect(403);
    expect(simulate.body.error_code).toBe('REQUEST_FORBIDDEN_ERROR');
  });

  it('keeps every merchant to its own resources', async () => {
    const { body: va } = await createVa({ ...specVa, external_id: 'mine' }).expect(200);
    const { body: code } = await t.http.post('/api/v2/create-retail-payment').set(bearer(key)).send({ retail_outlet_name: 'ALFAMART', name: 'x', amount: 10000, external_id: 'mine' }).expect(200);
    const other = (await t.createMerchant()).api_keys.development;
    for (const path of [`/api/v2/virtual-accounts/${va.id}`, `/api/v2/virtual-accounts/${va.id}/payments`, `/api/v2/retail-payments/${code.id}`, `/api/v2/retail-payments/${code.id}/payments`]) {
      await t.http.get(path).set(bearer(other)).expect(404);
    }
    await t.http.post(`/api/v2/simulate/virtual-accounts/${va.id}/pay`).set(bearer(other)).expect(404);
    await t.http.patch(`/api/v2/virtual-accounts/${va.id}`).set(bearer(other)).send({ amount: 5 }).expect(404);
    expect((await t.http.get('/api/v2/virtual-accounts?external_id=mine').set(bearer(other)).expect(200)).body).toEqual([]);
  });

  it('pays Alfamart codes through the sandbox and calls back retail_payment.paid', async () => {
    await t.http.put('/api/v2/callback-urls').set(bearer(key)).send({ 'retail_payment.paid': receiver.url('/retail-paid') }).expect(200);
    const { body: code } = await t.http.post('/api/v2/create-retail-payment').set(bearer(key)).send({ retail_outlet_name: 'ALFAMART', name: 'Pembeli', amount: 15000, external_id: 'alfa' }).expect(200);
    await t.http.post(`/api/v2/simulate/retail-payments/${code.id}/pay`).set(bearer(key)).expect(200);
    expect((await t.http.get(`/api/v2/retail-payments/${code.id}`).set(bearer(key))).body.status).toBe('pending');
    await receiver.waitFor(() => receiver.on('/retail-paid').length === 1);
    expect(JSON.parse(receiver.on('/retail-paid')[0].body)).toMatchObject({ event: 'retail_payment.paid', data: { id: code.id, payment_code: code.payment_code } });
    await waitFor(async () => (await t.http.get(`/api/v2/retail-payments/${code.id}`).set(bearer(key))).body.status === 'done', 6_000);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}

import { IdempotencyService } from '../src/idempotency/idempotency.service';
import type { CreatedMerchantView } from '../src/merchants/merchant.views';
import { CallbackReceiver } from './support/callback-receiver';
import { bearer, creditIncomeWallet, startTestApp, TestApp } from './support/test-app';
import { sleep } from './support/wait';


describe('disbursements', () => {
  let t: TestApp;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    t = await startTestApp({ SANDBOX_DISBURSEMENT_SECONDS: '1' });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  /** A merchant whose development disburse wallet holds `amount` (sandbox top-ups are approved at once). */
  async function fundedMerchant(amount: number): Promise<CreatedMerchantView & { key: string }> {
    const merchant = await t.createMerchant();
    const key = merchant.api_keys.development;
    await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount, transfer_reference: `fund-${merchant.id}` }).expect(201);
    return { ...merchant, key };
  }
  const disbursable = async (key: string) => (await t.http.get('/api/v2/me').set(bearer(key))).body.remaning_disbursable_amount;
  const body = (overrides: Record<string, unknown> = {}) => ({
    bank_code: 'BCA', account_name: 'James Bond', account_number: '12345678', description: 'Bayar Nasabah', external_id: '124', amount: 20000000, ...overrides,
  });

  it('answers the spec curl example (form data) with the spec JSON shape once the wallet is funded', async () => {
    const merchant = await fundedMerchant(20_000_000);
    const { body: disbursement } = await t.http
      .post('/api/v2/create-disbursement')
      .set('Authorization', `Bearer ${merchant.key}`)
      .field('bank_code', 'BCA')
      .field('account_name', 'James Bond')
      .field('account_number', '12345678')
      .field('description', 'Bayar Nasabah')
      .field('external_id', '124')
      .field('amount', '20000000')
      .expect(200);
    expect(disbursement).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      status: 'pending',
      external_id: '124',
      bank_code: 'BCA',
      account_name: 'James Bond',
      account_number: '12345678',
      description: 'Bayar Nasabah',
      amount: 20000000,
    });
    expect(await disbursable(merchant.key)).toBe(0);
    // Read endpoints answer the same object plus when it was created and finished.
    const recorded = { ...disbursement, created: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/), completed: null };
    expect((await t.http.get(`/api/v2/disbursements/${disbursement.id}`).set(bearer(merchant.key)).expect(200)).body).toEqual(recorded);
    expect((await t.http.get('/api/v2/disbursements?external_id=124').set(bearer(merchant.key)).expect(200)).body).toEqual([recorded]);
    const other = await t.createMerchant();
    await t.http.get(`/api/v2/disbursements/${disbursement.id}`).set(bearer(other.api_keys.development)).expect(404);
    await t.http.get(`/api/v2/disbursements/${disbursement.id}`).set(bearer(merchant.api_keys.production)).expect(404);
  });

  it('refuses an unfunded disbursement clearly and creates nothing', async () => {
    const merchant = await fundedMerchant(50_000);
    const response = await t.http.post('/api/v2/create-disbursement').set(bearer(merchant.key)).send(body({ amount: 60_000 })).expect(400);
    expect(response.body).toEqual({ error_code: 'INSUFFICIENT_BALANCE', message: 'Insufficient balance in the disburse wallet: 50000 available, 60000 requested' });
    expect(await t.sql('SELECT id FROM disbursements WHERE merchant_id = $1', [merchant.id])).toEqual([]);
    for (const [overrides, field] of [[{ bank_code: 'NOPE' }, 'bank_code'], [{ amount: 9_999 }, 'amount'], [{ amount: 60_000_000 }, 'amount'], [{ account_number: '12ab' }, 'account_number']] as const) {
      const invalid = await t.http.post('/api/v2/create-disbursement').set(bearer(merchant.key)).send(body({ ...overrides, amount: overrides.amount ?? 10_000 })).expect(400);
      expect(invalid.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const production = await t.http.post('/api/v2/create-disbursement').set(bearer(merchant.api_keys.production)).send(body({ amount: 10_000 })).expect(503);
    expect(production.body.error_code).toBe('PROVIDER_NOT_CONFIGURED_ERROR');
  });

  it('200 concurrent disbursements of 100,000 against 10,000,000: exactly 100 created; /me and the ledger agree after', async () => {
    const merchant = await fundedMerchant(10_000_000);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => t.http.post('/api/v2/create-disbursement').set(bearer(merchant.key)).send(body({ amount: 100_000, external_id: `c-${i}` }))),
    );
    const created = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status !== 200);
    expect(created).toHaveLength(100);
    expect(refused.every((r) => r.status === 400 && r.body.error_code === 'INSUFFICIENT_BALANCE')).toBe(true);
    expect(await disbursable(merchant.key)).toBe(0);

    const ids = created.map((r) => r.body.id);
    await Promise.all(ids.slice(0, 50).map((id) => t.http.post(`/api/v2/simulate/disbursements/${id}/fail`).set(bearer(merchant.key)).send({ failure_code: 'INVALID_DESTINATION' }).expect(200)));
    await Promise.all(ids.slice(50).map((id) => t.http.post(`/api/v2/simulate/disbursements/${id}/complete`).set(bearer(merchant.key)).expect(200)));
    expect(await disbursable(merchant.key)).toBe(5_000_000);
    const [wallet] = await t.sql("SELECT * FROM ledger_accounts WHERE merchant_id = $1 AND environment = 'development' AND kind = 'disburse'", [merchant.id]);
    expect(wallet).toMatchObject({ credits_posted: 10_000_000, debits_posted: 5_000_000, debits_pending: 0 });
    expect((await t.http.get('/admin/ledger/check').set('Authorization', `Bearer ${t.config.adminApiToken}`).expect(200)).body).toMatchObject({ ok: true, differences: [] });
    const failed = (await t.http.get(`/api/v2/disbursements/${ids[0]}`).set(bearer(merchant.key))).body;
    expect(failed).toMatchObject({ status: 'failed', failure_code: 'INVALID_DESTINATION' });
    const again = await t.http.post(`/api/v2/simulate/disbursements/${ids[0]}/complete`).set(bearer(merchant.key)).expect(409);
    expect(again.body.error_code).toBe('DISBURSEMENT_ALREADY_COMPLETED_ERROR');
  });

  it('idempotency: 50 concurrent identical requests with one key make one disbursement; another body is 422', async () => {
    const merchant = await fundedMerchant(1_000_000);
    const send = (payload: object, header = 'Idempotency-Key') =>
      t.http.post('/api/v2/create-disbursement').set(bearer(merchant.key)).set(header, 'order-42').send(payload);
    const responses = await Promise.all(Array.from({ length: 50 }, () => send(body({ amount: 100_000 }))));
    const succeeded = responses.filter((r) => r.status === 200);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    expect(responses.every((r) => r.status === 200 || (r.status === 409 && r.body.error_code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS_ERROR'))).toBe(true);
    expect(new Set(succeeded.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await t.sql('SELECT id FROM disbursements WHERE merchant_id = $1', [merchant.id])).toHaveLength(1);
    expect(await disbursable(merchant.key)).toBe(900_000);

    const replay = await send(body({ amount: 100_000 }), 'X-IDEMPOTENCY-KEY').expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(succeeded[0].body);
    const different = await send(body({ amount: 200_000 })).expect(422);
    expect(different.body.error_code).toBe('IDEMPOTENCY_KEY_REUSED_ERROR');
    expect(await disbursable(merchant.key)).toBe(900_000);
  });

  it('idempotency frees the key of a failed request and covers the other create endpoints', async () => {
    const merchant = await fundedMerchant(100_000);
    await t.http.post('/api/v2/create-disbursement').set(bearer(merchant.key)).set('Idempotency-Key', 'retry-me').send(body({ amount: 150_000 })).expect(400);
    await t.http.post('/api/v2/top-ups').set(bearer(merchant.key)).send({ amount: 100_000, transfer_reference: 'more' }).expect(201);
    await t.http.post('/api/v2/create-disbursement').set(bearer(merchant.key)).set('Idempotency-Key', 'retry-me').send(body({ amount: 150_000 })).expect(200);

    const va = { bank_code: 'BNI', name: 'Idem', is_single_use: true, amount: 1000, external_id: 'idem' };
    const first = await t.http.post('/api/v2/create-virtual-account').set(bearer(merchant.key)).set('Idempotency-Key', 'va-1').send(va).expect(200);
    const second = await t.http.post('/api/v2/create-virtual-account').set(bearer(merchant.key)).set('Idempotency-Key', 'va-1').send(va).expect(200);
    expect(second.body).toEqual(first.body);
    expect(await t.sql('SELECT id FROM virtual_accounts WHERE merchant_id = $1', [merchant.id])).toHaveLength(1);
    const top = await t.http.post('/api/v2/top-ups').set(bearer(merchant.key)).set('Idempotency-Key', 'top-1').send({ amount: 5, transfer_reference: 'idem-top' }).expect(201);
    const topAgain = await t.http.post('/api/v2/top-ups').set(bearer(merchant.key)).set('Idempotency-Key', 'top-1').send({ amount: 5, transfer_reference: 'idem-top' }).expect(201);
    expect(topAgain.body).toEqual(top.body);
    // Keys are per environment.
    await t.http.post('/api/v2/top-ups').set(bearer(merchant.api_keys.production)).set('Idempotency-Key', 'top-1').send({ amount: 5, transfer_reference: 'idem-top' }).expect(201);
  });

  it('forgets keys after 24 hours: an expired key acts anew and is purged', async () => {
    const merchant = await fundedMerchant(300_000);
    const send = () => t.http.post('/api/v2/create-disbursement').set(bearer(merchant.key)).set('Idempotency-Key', 'old-key').send(body({ amount: 100_000 }));
    const first = (await send().expect(200)).body;
    await t.sql("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'old-key'");
    expect(await t.app.get(IdempotencyService).purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await t.sql("SELECT key FROM idempotency_keys WHERE key = 'old-key'")).toEqual([]);
    const second = (await send().expect(200)).body;
    expect(second.id).not.toBe(first.id);
    await t.sql("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'old-key'");
    const third = (await send().expect(200)).body;
    expect(third.id).not.toBe(second.id);
    expect(await disbursable(merchant.key)).toBe(0);
  });

  it('a batch with one invalid item creates nothing; a valid one completes with one callback', async () => {
    const merchant = await fundedMerchant(1_000_000);
    await t.http.put('/api/v2/callback-urls').set(bearer(merchant.key)).send({ 'batch_disbursement.completed': receiver.url('/batch'), 'disbursement.completed': receiver.url('/item') }).expect(200);
    const items = Array.from({ length: 5 }, (_, i) => body({ amount: 100_000, external_id: `b-${i}` }));
    const invalid = await t.http
      .post('/api/v2/create-batch-disbursement')
      .set(bearer(merchant.key))
      .send({ reference: 'bad', disbursements: [...items.slice(0, 4), body({ bank_code: 'NOPE', amount: 100_000 })] })
      .expect(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'disbursements[4].bank_code' })]);
    const tooMuch = await t.http.post('/api/v2/create-batch-disbursement').set(bearer(merchant.key)).send({ reference: 'big', disbursements: Array(11).fill(body({ amount: 100_000 })) }).expect(400);
    expect(tooMuch.body.error_code).toBe('INSUFFICIENT_BALANCE');
    expect(await t.sql('SELECT id FROM disbursements WHERE merchant_id = $1', [merchant.id])).toEqual([]);
    expect(await t.sql('SELECT id FROM batch_disbursements WHERE merchant_id = $1', [merchant.id])).toEqual([]);
    expect(await disbursable(merchant.key)).toBe(1_000_000);

    const { body: batch } = await t.http.post('/api/v2/create-batch-disbursement').set(bearer(merchant.key)).send({ reference: 'payroll', disbursements: items }).expect(200);
    expect(batch).toMatchObject({ reference: 'payroll', status: 'pending', item_count: 5, total_amount: 500_000, counts: { pending: 5, done: 0, failed: 0 } });
    expect(await disbursable(merchant.key)).toBe(500_000);
    for (const [i, item] of batch.disbursements.entries()) {
      await t.http.post(`/api/v2/simulate/disbursements/${item.id}/${i === 0 ? 'fail' : 'complete'}`).set(bearer(merchant.key)).expect(200);
    }
    const finished = (await t.http.get(`/api/v2/batch-disbursements/${batch.id}`).set(bearer(merchant.key)).expect(200)).body;
    expect(finished).toMatchObject({ status: 'completed', counts: { pending: 0, done: 4, failed: 1 } });
    expect(await disbursable(merchant.key)).toBe(600_000);
    await receiver.waitFor(() => receiver.on('/batch').length === 1 && receiver.on('/item').length === 4);
    await sleep(200);
    expect(receiver.on('/batch')).toHaveLength(1);
    expect(JSON.parse(receiver.on('/batch')[0].body)).toMatchObject({ event: 'batch_disbursement.completed', data: { id: batch.id, done_count: 4, failed_count: 1 } });
  });

  it('takes a batch of exactly 1,000 items and refuses 1,001', async () => {
    const merchant = await fundedMerchant(10_000_000);
    const items = Array.from({ length: 1001 }, (_, i) => body({ amount: 10_000, external_id: `k-${i}` }));
    const over = await t.http.post('/api/v2/create-batch-disbursement').set(bearer(merchant.key)).send({ reference: 'big', disbursements: items }).expect(400);
    expect(over.body.message).toContain('disbursements must have at most 1000 items');
    const { body: batch } = await t.http.post('/api/v2/create-batch-disbursement').set(bearer(merchant.key)).send({ reference: 'big', disbursements: items.slice(0, 1000) }).expect(200);
    expect(batch).toMatchObject({ item_count: 1000, total_amount: 10_000_000, counts: { pending: 1000, done: 0, failed: 0 } });
    expect(await disbursable(merchant.key)).toBe(0);
  });

  it('the sandbox completes 90,000 after a minute (here: a second) and calls back; failures return the money', async () => {
    const merchant = await fundedMerchant(500_000);
    await t.http.put('/api/v2/callback-urls').set(bearer(merchant.key)).send({ 'disbursement.completed': receiver.url('/done'), 'disbursement.failed': receiver.url('/failed') }).expect(200);
    const ninety = (await t.http.post('/api/v2/create-disbursement').set(bearer(merchant.key)).send(body({ amount: 90_000 })).expect(200)).body;
    const rejected = (await t.http.post('/api/v2/create-disbursement').set(bearer(merchant.key)).send(body({ amount: 90_001 })).expect(200)).body;
    const invalid = (await t.http.post('/api/v2/create-disbursement').set(bearer(merchant.key)).send(body({ amount: 50_000, account_number: '5551000' })).expect(200)).body;
    const stays = (await t.http.post('/api/v2/create-disbursement').set(bearer(merchant.key)).send(body({ amount: 100_000 })).expect(200)).body;
    expect(await disbursable(merchant.key)).toBe(500_000 - 90_000 - 90_001 - 50_000 - 100_000);

    await receiver.waitFor(() => receiver.on('/done').length === 1 && receiver.on('/failed').length === 2, 10_000);
    const status = async (id: string) => (await t.http.get(`/api/v2/disbursements/${id}`).set(bearer(merchant.key))).body;
    expect(await status(ninety.id)).toMatchObject({ status: 'done' });
    expect(await status(rejected.id)).toMatchObject({ status: 'failed', failure_code: 'REJECTED_BY_BANK' });
    expect(await status(invalid.id)).toMatchObject({ status: 'failed', failure_code: 'INVALID_DESTINATION' });
    expect(await status(stays.id)).toMatchObject({ status: 'pending' });
    expect(JSON.parse(receiver.on('/done')[0].body)).toMatchObject({ event: 'disbursement.completed', data: { id: ninety.id, status: 'done', amount: 90_000 } });
    expect(receiver.on('/done')[0].headers['x-callback-token']).toBe(merchant.callback_token);
    // Failed amounts are back; the 90,000 and the pending 100,000 are not.
    expect(await disbursable(merchant.key)).toBe(500_000 - 90_000 - 100_000);
  });

  it('pays withdrawals out through the same path: the sandbox completes them', async () => {
    const merchant = await t.createMerchant();
    const key = merchant.api_keys.development;
    await t.http.put('/api/v2/withdrawal-account').set(bearer(key)).send({ bank_code: 'BNI', account_number: '0011223344', account_name: 'PT Sandbox' }).expect(200);
    await creditIncomeWallet(t, { merchantId: merchant.id, environment: 'development' }, 300_000);
    const withdrawal = (await t.http.post('/api/v2/withdrawals').set(bearer(key)).send({ amount: 120_000 }).expect(201)).body;
    const [payout] = await t.sql<{ withdrawal_id: string; amount: number; provider: string }>('SELECT withdrawal_id, amount, provider FROM disbursements WHERE withdrawal_id = $1', [withdrawal.id]);
    expect(payout).toEqual({ withdrawal_id: withdrawal.id, amount: 120_000, provider: 'sandbox' });
    let status = 'pending';
    for (let i = 0; i < 50 && status === 'pending'; i++) {
      await sleep(100);
      status = (await t.http.get(`/api/v2/withdrawals/${withdrawal.id}`).set(bearer(key))).body.status;
    }
    expect(status).toBe('done');
    expect((await t.http.get('/api/v2/me').set(bearer(key))).body.remaning_withdrawable_amount).toBe(180_000);
  });

  it('answers account name inquiries deterministically in the sandbox', async () => {
    const merchant = await t.createMerchant();
    const key = merchant.api_keys.development;
    const first = (await t.http.post('/api/v2/inquiry-account').set(bearer(key)).field('bank_code', 'BCA').field('account_number', '8760673566').expect(200)).body;
    const second = (await t.http.post('/api/v2/inquiry-account').set(bearer(key)).send({ bank_code: 'BCA', account_number: '8760673566' }).expect(200)).body;
    expect(first).toEqual(second);
    expect(first).toEqual({ bank_code: 'BCA', account_number: '8760673566', account_name: expect.stringMatching(/^[A-Z ]+$/) });
    const missing = await t.http.post('/api/v2/inquiry-account').set(bearer(key)).send({ bank_code: 'BCA', account_number: '1234000' }).expect(404);
    expect(missing.body.error_code).toBe('ACCOUNT_NOT_FOUND_ERROR');
    await t.http.post('/api/v2/inquiry-account').set(bearer(key)).send({ bank_code: 'NOPE', account_number: '1234567' }).expect(400);
    await t.http.post('/api/v2/inquiry-account').set(bearer(merchant.api_keys.production)).send({ bank_code: 'BCA', account_number: '1234567' }).expect(503);
  });
});

import { TransactionHost } from '@nestjs-cls/transactional';
import { MoneyMovementsService } from '../src/wallets/money-movements.service';
import { productionVirtualAccount, recordPayments } from './support/payments-fixtures';
import { adminAuth, bearer, creditIncomeWallet, startTestApp, TestApp } from './support/test-app';

describe('wallet statements /api/v2/transactions', () => {
  let t: TestApp;
  let key: string;
  let merchantId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const merchant = await t.createMerchant();
    key = merchant.api_keys.production;
    merchantId = merchant.id;
    await t.http
      .put(`/admin/merchants/${merchant.id}/withdrawal-account/production`)
      .set(adminAuth)
      .send({ bank_code: 'BRI', account_number: '5556667778', account_name: 'PT Statement' })
      .expect(200);
    await creditIncomeWallet(t, { merchantId, environment: 'production' }, 1_000_000);
    const w1 = (await t.http.post('/api/v2/withdrawals').set(bearer(key)).send({ amount: 300_000 }).expect(201)).body;
    await t.http.post(`/admin/withdrawals/${w1.id}/mark-failed`).set(adminAuth).send({ reason: 'closed' }).expect(200);
    const w2 = (await t.http.post('/api/v2/withdrawals').set(bearer(key)).send({ amount: 200_000 }).expect(201)).body;
    await t.http.post(`/admin/withdrawals/${w2.id}/mark-paid`).set(adminAuth).expect(200);
  });
  afterAll(() => t.close());

  it('lists every movement newest first, ending at the balance /me shows', async () => {
    const { body } = await t.http.get('/api/v2/transactions?wallet=income').set(bearer(key)).expect(200);
    expect(body.has_more).toBe(false);
    expect(body.data.map((r: { kind: string; code: string; direction: string }) => `${r.code}:${r.kind}:${r.direction}`)).toEqual([
      'withdrawal:post_pending:debit',
      'withdrawal:pending:debit',
      'withdrawal:void_pending:debit',
      'withdrawal:pending:debit',
      'settlement:post_pending:credit',
      'payment:pending:credit',
    ]);
    expect(body.data.map((r: { running_balance: number }) => r.running_balance)).toEqual([800_000, 800_000, 1_000_000, 700_000, 1_000_000, 0]);
    expect(body.data.map((r: { balance_change: number }) => r.balance_change)).toEqual([0, -200_000, 300_000, -300_000, 1_000_000, 0]);
    expect(body.data.map((r: { seq: number }) => r.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    const me = (await t.http.get('/api/v2/me').set(bearer(key))).body;
    expect(body.data[0].running_balance).toBe(me.remaning_withdrawable_amount);
    expect(Object.keys(body.data[0]).sort()).toEqual(
      [
        'amount', 'balance_change', 'code', 'created', 'direction', 'external_id', 'id', 'kind', 'pending_balance', 'reference',
        'resource_id', 'resource_type', 'running_balance', 'seq',
      ].sort(),
    );
    // A withdrawal is its own resource; it has no external_id.
    expect(body.data[0]).toMatchObject({ resource_type: 'withdrawal', resource_id: body.data[0].reference, external_id: null });
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v2/transactions?wallet=income&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { body: { data: { seq: number }[]; next_cursor: string | null } } = await t.http.get(url).set(bearer(key)).expect(200);
      seen.push(...page.body.data.map((r) => r.seq));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('filters by period (plain dates are Asia/Jakarta days)', async () => {
    const jakartaToday = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const today = await t.http.get(`/api/v2/transactions?wallet=income&from=${jakartaToday}&to=${jakartaToday}`).set(bearer(key)).expect(200);
    expect(today.body.data).toHaveLength(6);
    const past = await t.http.get('/api/v2/transactions?wallet=income&to=2020-01-01').set(bearer(key)).expect(200);
    expect(past.body.data).toHaveLength(0);
  });

  it('shows the disburse wallet separately, and nothing of other environments', async () => {
    expect((await t.http.get('/api/v2/transactions?wallet=disburse').set(bearer(key)).expect(200)).body.data).toEqual([]);
    const merchant = await t.createMerchant();
    expect((await t.http.get('/api/v2/transactions?wallet=income').set(bearer(merchant.api_keys.production))).body.data).toEqual([]);
  });

  it('streams CSV for finance with format=csv or Accept: text/csv', async () => {
    const viaQuery = await t.http.get('/api/v2/transactions?wallet=income&format=csv').set(bearer(key)).expect(200);
    expect(viaQuery.headers['content-type']).toMatch(/^text\/csv/);
    expect(viaQuery.headers['content-disposition']).toMatch(/attachment; filename="palladium-production-income-all\.csv"/);
    const lines = viaQuery.text.trim().split('\n');
    expect(lines[0]).toBe(
      'seq,created,id,code,reference,kind,direction,amount,balance_change,running_balance,pending_balance,resource_type,resource_id,external_id',
    );
    expect(lines).toHaveLength(7);
    // Times in Asia/Jakarta with the offset; amounts as plain integers.
    expect(lines[1]).toMatch(
      /^6,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00,withdrawal:([0-9a-f]{32}):post,withdrawal,\1,post_pending,debit,200000,0,800000,0,withdrawal,\1,$/,
    );
    const json = (await t.http.get('/api/v2/transactions?wallet=income').set(bearer(key)).expect(200)).body.data;
    const created = lines.slice(1).map((line: string) => new Date(line.split(',')[1]).getTime());
    // The same instants as the JSON's UTC times, to the second.
    expect(created).toEqual(json.map((row: { created: string }) => Math.floor(new Date(row.created).getTime() / 1000) * 1000));
    const viaAccept = await t.http.get('/api/v2/transactions?wallet=income').set(bearer(key)).set('Accept', 'text/csv').expect(200);
    expect(viaAccept.text).toBe(viaQuery.text);
  });

  it('streams a long statement in chunks', async () => {
    const merchant = await t.createMerchant();
    const scope = { merchantId: merchant.id, environment: 'production' as const };
    for (let i = 0; i < 300; i++) await creditIncomeWallet(t, scope, 1_000 + i);
    const response = await t.http.get('/api/v2/transactions?wallet=income&format=csv').set(bearer(merchant.api_keys.production)).expect(200);
    expect(response.headers['transfer-encoding']).toBe('chunked');
    const lines = response.text.trim().split('\n');
    // Each settled payment is two entries: pending income, then its settlement.
    expect(lines).toHaveLength(601);
    const expectedTotal = Array.from({ length: 300 }, (_, i) => 1_000 + i).reduce((a, b) => a + b, 0);
    expect(lines[1].split(',')[9]).toBe(String(expectedTotal));
  });

  it('filters by the kind of movement, in pages and in CSV', async () => {
    const withdrawals = await t.http.get('/api/v2/transactions?wallet=income&code=withdrawal').set(bearer(key)).expect(200);
    expect(withdrawals.body.data.map((r: { seq: number; code: string }) => `${r.seq}:${r.code}`)).toEqual(['6:withdrawal', '5:withdrawal', '4:withdrawal', '3:withdrawal']);
    const settlement = await t.http.get('/api/v2/transactions?wallet=income&code=settlement&format=csv').set(bearer(key)).expect(200);
    expect(settlement.headers['content-disposition']).toMatch(/filename="palladium-production-income-settlement-all\.csv"/);
    const lines = settlement.text.trim().split('\n');
    expect(lines).toHaveLength(2);
    // The test's stand-in payment has no payments row: no resource to name.
    expect(lines[1]).toMatch(/^2,.*,settlement,.*,post_pending,credit,1000000,1000000,1000000,0,,,$/);
  });

  it('lists and streams oldest first on request, paging forward without gaps', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v2/transactions?wallet=income&order=oldest_first&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { body: { data: { seq: number }[]; next_cursor: string | null } } = await t.http.get(url).set(bearer(key)).expect(200);
      seen.push(...page.body.data.map((r) => r.seq));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    const oldestFirst = await t.http.get('/api/v2/transactions?wallet=income&order=oldest_first&format=csv').set(bearer(key)).expect(200);
    const rows = oldestFirst.text.trim().split('\n').slice(1);
    expect(rows.map((line: string) => Number(line.split(',')[0]))).toEqual([1, 2, 3, 4, 5, 6]);
    // Replaying the movements oldest first ends at the balance /me shows.
    expect(rows.reduce((balance: number, line: string) => balance + Number(line.split(',')[8]), 0)).toBe(Number(rows[5].split(',')[9]));
    const newestFirst = await t.http.get('/api/v2/transactions?wallet=income&order=newest_first&format=csv').set(bearer(key)).expect(200);
    expect(newestFirst.text.trim().split('\n').slice(1)).toEqual([...rows].reverse());
    const withdrawals = await t.http.get('/api/v2/transactions?wallet=income&code=withdrawal&order=oldest_first').set(bearer(key)).expect(200);
    expect(withdrawals.body.data.map((r: { seq: number }) => r.seq)).toEqual([3, 4, 5, 6]);
  });

  it('names what each movement is about: our resource id and the merchant\'s own external_id', async () => {
    const merchant = await t.createMerchant();
    const dev = merchant.api_keys.development;
    const va = (
      await t.http.post('/api/v2/create-virtual-account').set(bearer(dev)).send({ bank_code: 'BNI', name: 'Budi', amount: 150_000, external_id: 'INV-VA-1', is_single_use: true }).expect(200)
    ).body;
    const vaPayment = (await t.http.post(`/api/v2/simulate/virtual-accounts/${va.id}/pay`).set(bearer(dev)).send({}).expect(200)).body;
    const retail = (
      await t.http.post('/api/v2/create-retail-payment').set(bearer(dev)).send({ retail_outlet_name: 'ALFAMART', name: 'Sari', amount: 20_000, external_id: 'INV-RP-1' }).expect(200)
    ).body;
    await t.http.post(`/api/v2/simulate/retail-payments/${retail.id}/pay`).set(bearer(dev)).send({}).expect(200);
    const topUp = (await t.http.post('/api/v2/top-ups').set(bearer(dev)).send({ amount: 500_000, transfer_reference: 'BCA-TRF-7' }).expect(201)).body;
    const payout = (
      await t.http
        .post('/api/v2/create-disbursement')
        .set(bearer(dev))
        .send({ bank_code: 'BCA', account_name: 'Rina', account_number: '12345678', description: 'refund', external_id: 'PAYOUT-9', amount: 120_000 })
        .expect(200)
    ).body;

    const income = (await t.http.get('/api/v2/transactions?wallet=income&order=oldest_first').set(bearer(dev)).expect(200)).body.data;
    expect(income.map((r: Record<string, unknown>) => [r.code, r.resource_type, r.resource_id, r.external_id])).toEqual([
      ['payment', 'virtual_account', va.id, 'INV-VA-1'],
      ['payment', 'retail_payment', retail.id, 'INV-RP-1'],
    ]);
    expect(income[0].reference).toBe(vaPayment.id);
    const disburse = (await t.http.get('/api/v2/transactions?wallet=disburse&order=oldest_first').set(bearer(dev)).expect(200)).body.data;
    expect(disburse.map((r: Record<string, unknown>) => [r.code, r.reference, r.resource_type, r.resource_id, r.external_id])).toEqual([
      ['top_up', topUp.id, 'top_up', topUp.id, 'BCA-TRF-7'],
      ['disbursement', payout.id, 'disbursement', payout.id, 'PAYOUT-9'],
    ]);
    const csv = await t.http.get('/api/v2/transactions?wallet=disburse&order=oldest_first&format=csv').set(bearer(dev)).expect(200);
    expect(csv.text.trim().split('\n').slice(1).map((line: string) => line.split(',').slice(-3).join(','))).toEqual([
      `top_up,${topUp.id},BCA-TRF-7`,
      `disbursement,${payout.id},PAYOUT-9`,
    ]);
  });

  it('keeps the paid resource and its external_id on the settlement of a payment', async () => {
    const merchant = await t.createMerchant();
    const vaId = await productionVirtualAccount(t, merchant.id);
    const businessDate = new Date(Date.now() - 3 * 24 * 3600_000 + 7 * 3600_000).toISOString().slice(0, 10);
    await recordPayments(t, [{ resourceId: vaId, amount: 75_000, paidAt: new Date(`${businessDate}T09:00:00+07:00`) }]);
    await t.http.post('/admin/settlement-runs').set(adminAuth).send({ date: businessDate }).expect(200);
    const csv = await t.http.get('/api/v2/transactions?wallet=income&format=csv').set(bearer(merchant.api_keys.production)).expect(200);
    const rows = csv.text.trim().split('\n').slice(1).map((line: string) => line.split(','));
    expect(rows.map((row: string[]) => [row[3], row[5], row[7], row[11], row[12], row[13]])).toEqual([
      ['settlement', 'post_pending', '75000', 'virtual_account', vaId, `fixture-${vaId}`],
      ['payment', 'pending', '75000', 'virtual_account', vaId, `fixture-${vaId}`],
    ]);
    // Both name the same payment.
    expect(rows[0][4]).toBe(rows[1][4]);
  });

  it('explains each wallet balance with the ledger totals behind /me', async () => {
    await creditIncomeWallet(t, { merchantId, environment: 'production' }, 50_000);
    const pendingPayment = `test-payment-pending-${merchantId}`;
    await t.app.get(TransactionHost).withTransaction(() =>
      t.app.get(MoneyMovementsService).recordPendingPayment({ id: pendingPayment, scope: { merchantId, environment: 'production' }, provider: 'sandbox', amount: 7_000 }),
    );
    const open = (await t.http.post('/api/v2/withdrawals').set(bearer(key)).send({ amount: 30_000 }).expect(201)).body;
    const { body } = await t.http.get('/api/v2/wallets/calculation').set(bearer(key)).expect(200);
    expect(body.income).toEqual({ settled: 1_050_000, withdrawn: 200_000, reserved_for_withdrawals: 30_000, withdrawable: 820_000, pending_settlement: 7_000 });
    expect(body.disburse).toEqual({ topped_up: 0, disbursed: 0, reserved_for_disbursements: 0, disbursable: 0 });
    const me = (await t.http.get('/api/v2/me').set(bearer(key))).body;
    expect(body.income.withdrawable).toBe(me.remaning_withdrawable_amount);
    expect(new Date(body.next_settlement_at).getTime()).toBeGreaterThan(Date.now());
    expect(new Date(body.next_settlement_at).getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    await t.http.post(`/admin/withdrawals/${open.id}/mark-failed`).set(adminAuth).send({ reason: 'test over' }).expect(200);

    const merchant = await t.createMerchant();
    const dev = merchant.api_keys.development;
    await t.http.post('/api/v2/top-ups').set(bearer(dev)).send({ amount: 500_000, transfer_reference: `calc-${merchant.id}` }).expect(201);
    await t.http.post('/api/v2/create-disbursement').set(bearer(dev)).send({ bank_code: 'BCA', account_name: 'A', account_number: '12345678', description: 'x', external_id: 'calc', amount: 120_000 }).expect(200);
    const development = (await t.http.get('/api/v2/wallets/calculation').set(bearer(dev)).expect(200)).body;
    expect(development).toEqual({
      income: { settled: 0, withdrawn: 0, reserved_for_withdrawals: 0, withdrawable: 0, pending_settlement: 0 },
      disburse: { topped_up: 500_000, disbursed: 0, reserved_for_disbursements: 120_000, disbursable: 380_000 },
      next_settlement_at: null,
    });
  });

  it('answers bad queries with validation errors', async () => {
    for (const query of [
      '',
      'wallet=savings',
      'wallet=income&from=yesterday',
      'wallet=income&cursor=zzz',
      'wallet=income&limit=0',
      'wallet=income&from=2026-02-01&to=2026-01-01',
      'wallet=income&code=bonus',
      'wallet=income&order=sideways',
    ]) {
      const response = await t.http.get(`/api/v2/transactions?${query}`).set(bearer(key)).expect(400);
      expect(response.body.error_code).toBe('API_VALIDATION_ERROR');
    }
    const csvError = await t.http.get('/api/v2/transactions?wallet=income&format=csv&from=nope').set(bearer(key)).expect(400);
    expect(csvError.headers['content-type']).toMatch(/json/);
  });
});

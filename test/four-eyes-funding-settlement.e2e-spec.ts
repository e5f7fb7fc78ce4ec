import { FakeXendit, startFakeXendit } from './fakes/fake-xendit';
import { createOperator } from './support/console';
import { productionVirtualAccount, recordPayments } from './support/payments-fixtures';
import { XENDIT_CALLBACK_TOKEN, XENDIT_SECRET_KEY } from './support/provider-world';
import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';

const DAY = 24 * 60 * 60 * 1000;
/** Three days ago in Jakarta: its 14:00 cutoff has certainly passed. */
const businessDate = new Date(Date.now() - 3 * DAY + 7 * 3600_000).toISOString().slice(0, 10);

/** Four eyes on provider funding and on running a production settlement date by hand (issue 15), from Rp 1.000.000. */
describe('four eyes on provider funding and settlement runs', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let xendit: FakeXendit;
  let preparer: Record<string, string>;
  let approver: Record<string, string>;

  beforeAll(async () => {
    xendit = await startFakeXendit({ secretKey: XENDIT_SECRET_KEY, callbackToken: XENDIT_CALLBACK_TOKEN, balance: 0 });
    t = await startTestApp({ FOUR_EYES_MIN_AMOUNT: '1000000', XENDIT_BASE_URL: xendit.url, XENDIT_SECRET_KEY, XENDIT_CALLBACK_TOKEN });
    const tokenOf = async (name: string, role: 'operator' | 'approver') => {
      const operator = await createOperator(t, name, role);
      return bearer((await t.http.post(`/admin/operators/${operator.id}/tokens`).set(adminAuth).send({ name: 'desk', scope: 'act' }).expect(201)).body.token);
    };
    preparer = await tokenOf('Oki Operator', 'operator');
    approver = await tokenOf('Ayu Approver', 'approver');
  });
  afterAll(async () => {
    await t.close();
    await xendit.close();
  });

  const ledgerBalance = async () =>
    (await t.http.get('/admin/providers/reconciliation').set(adminAuth).expect(200)).body.balances.find((b: { provider: string }) => b.provider === 'xendit')
      .ledger_balance as number;

  it('records provider funding of the threshold or more only when a second approver approves it, once', async () => {
    const before = await ledgerBalance();
    const funding = { amount: 250_000_000, direction: 'deposit', reference: 'BCA-TRF-20261120-01' };
    const oneStep = await t.http.post('/admin/providers/xendit/funding').set(approver).send(funding).expect(409);
    expect(oneStep.body.error_code).toBe('FOUR_EYES_REQUIRED_ERROR');

    const { body: prepared } = await t.http.post('/admin/providers/xendit/prepare-funding').set(preparer).send({ ...funding, note: 'Float for the weekend' }).expect(201);
    expect(prepared).toMatchObject({
      action: 'provider.fund',
      subject_id: 'xendit:BCA-TRF-20261120-01',
      merchant_id: null,
      environment: 'production',
      amount: 250_000_000,
      evidence: { reference: 'BCA-TRF-20261120-01', note: 'Float for the weekend' },
      parameters: { provider: 'xendit', amount: '250000000', direction: 'deposit', reference: 'BCA-TRF-20261120-01' },
    });
    await t.http.post('/admin/providers/xendit/prepare-funding').set(approver).send(funding).expect(409);
    expect((await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(preparer).send({}).expect(403)).body.error_code).toBe('OPERATOR_FORBIDDEN_ERROR');
    expect(await ledgerBalance()).toBe(before);

    const { body: decided } = await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(approver).send({}).expect(200);
    expect(decided.result.transfer_id).toEqual(expect.any(String));
    expect(await ledgerBalance()).toBe(before + 250_000_000);
    // The same transfer cannot be prepared into the ledger twice.
    const { body: again } = await t.http.post('/admin/providers/xendit/prepare-funding').set(preparer).send(funding).expect(201);
    expect((await t.http.post(`/admin/approvals/${again.id}/approve`).set(approver).send({}).expect(409)).body.error_code).toBe('DUPLICATE_TOP_UP_ERROR');
    expect(await ledgerBalance()).toBe(before + 250_000_000);

    // Under the threshold, one operator records it.
    await t.http.post('/admin/providers/xendit/funding').set(preparer).send({ amount: 500_000, direction: 'withdrawal', reference: 'SWEEP-1' }).expect(201);
    expect(await ledgerBalance()).toBe(before + 249_500_000);
  });

  it('runs a production settlement date by hand only with two operators; the totals match the income wallets', async () => {
    const merchants = [await t.createMerchant(), await t.createMerchant()];
    const amounts = [[700_000, 900_000], [1_250_000]];
    const payments = await Promise.all(
      merchants.map(async (merchant, index) => {
        const va = await productionVirtualAccount(t, merchant.id);
        return amounts[index].map((amount) => ({ resourceId: va, amount, paidAt: new Date(`${businessDate}T09:00:00+07:00`) }));
      }),
    );
    await recordPayments(t, payments.flat());

    const { body: due } = await t.http.get('/admin/settlement-runs/due').query({ date: businessDate }).set(preparer).expect(200);
    expect(due).toEqual({ environment: 'production', business_date: businessDate, cutoff_at: expect.any(String), payments_count: 3, total_amount: 2_850_000, run: null });
    const oneStep = await t.http.post('/admin/settlement-runs').set(approver).send({ date: businessDate }).expect(409);
    expect(oneStep.body.error_code).toBe('FOUR_EYES_REQUIRED_ERROR');
    expect((await t.http.get('/admin/settlement-runs/due').query({ date: businessDate }).set(preparer)).body.run).toBeNull();

    const { body: prepared } = await t.http
      .post('/admin/settlement-runs/prepare')
      .set(preparer)
      .send({ date: businessDate, reference: 'INC-2211', note: 'The 14:00 run did not start (host restart)' })
      .expect(201);
    expect(prepared).toMatchObject({ action: 'settlement.run', subject_id: `production:${businessDate}`, merchant_id: null, amount: 2_850_000 });
    const { body: decided } = await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(approver).send({ note: 'Confirmed with the bank' }).expect(200);
    const run = decided.result;
    expect(run).toMatchObject({ business_date: businessDate, status: 'completed', trigger: 'operator', payments_count: 3, total_amount: 2_850_000, pending: { payments_count: 0, total_amount: 0 } });
    for (const [index, merchant] of merchants.entries()) {
      const total = amounts[index].reduce((sum, amount) => sum + amount, 0);
      expect(run.merchants).toContainEqual({ merchant_id: merchant.id, merchant_name: merchant.name, payments_count: amounts[index].length, total_amount: total });
      expect((await t.http.get('/api/v2/me').set(bearer(merchant.api_keys.production))).body.remaning_withdrawable_amount).toBe(total);
    }

    // Exactly once: the date cannot be prepared again, and running it returns the same run.
    const rerun = await t.http.post('/admin/settlement-runs/prepare').set(preparer).send({ date: businessDate, reference: 'INC-2212' }).expect(409);
    expect(rerun.body.error_code).toBe('SETTLEMENT_RUN_COMPLETED_ERROR');
    expect((await t.http.post('/admin/settlement-runs').set(preparer).send({ date: businessDate }).expect(200)).body).toMatchObject({ id: run.id, payments_count: 3 });

    const csv = await t.http.get(`/admin/settlement-runs/${run.id}/report.csv`).set(preparer).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`palladium-settlement-${businessDate}.csv`);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('business_date,environment,merchant_id,merchant_name,payments_count,total_amount');
    expect(lines.slice(1).sort()).toEqual(
      merchants.map((merchant, index) => `${businessDate},production,${merchant.id},${merchant.name},${amounts[index].length},${amounts[index].reduce((a, b) => a + b, 0)}`).sort(),
    );
    expect((await t.http.get(`/admin/settlement-runs/${run.id}/report.csv?detail=merchants`).set(preparer).expect(200)).text).toBe(csv.text);

    // Every payment, with the external_id finance matches against the merchant's books.
    const detail = await t.http.get(`/admin/settlement-runs/${run.id}/report.csv`).query({ detail: 'payments' }).set(preparer).expect(200);
    expect(detail.headers['content-type']).toMatch(/^text\/csv/);
    expect(detail.headers['content-disposition']).toContain(`palladium-settlement-${businessDate}-payments.csv`);
    const [header, ...rows] = detail.text.trim().split('\n');
    expect(header).toBe('business_date,environment,merchant_id,merchant_name,payment_id,resource_type,resource_id,external_id,amount,paid_at,settled_at');
    const byMerchant = new Map(payments.map((list, index) => [merchants[index].id, { name: merchants[index].name, va: list[0].resourceId }]));
    const parsed = rows.map((line) => line.split(','));
    expect(parsed).toHaveLength(3);
    for (const [date, environment, merchantId, name, paymentId, resourceType, resourceId, externalId, amount, paidAt, settledAt] of parsed) {
      expect([date, environment, name]).toEqual([businessDate, 'production', byMerchant.get(merchantId)!.name]);
      expect(paymentId).toMatch(/^[0-9a-f]{32}$/);
      expect([resourceType, resourceId, externalId]).toEqual(['virtual_account', byMerchant.get(merchantId)!.va, `fixture-${byMerchant.get(merchantId)!.va}`]);
      expect(amount).toMatch(/^\d+$/);
      expect(paidAt).toBe(`${businessDate}T09:00:00+07:00`);
      expect(settledAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    }
    // Grouped as the per-merchant report lists merchants; each merchant's payments add up to its row there.
    expect([...new Set(parsed.map((row) => row[2]))]).toEqual(lines.slice(1).map((line) => line.split(',')[2]));
    for (const [index, merchant] of merchants.entries()) {
      const own = parsed.filter((row) => row[2] === merchant.id).map((row) => Number(row[8]));
      expect(own.sort()).toEqual([...amounts[index]].sort());
    }
    expect((await t.http.get(`/admin/settlement-runs/${run.id}/report.csv?detail=everything`).set(preparer).expect(400)).body.error_code).toBe('API_VALIDATION_ERROR');
    const missing = await t.http.get('/admin/settlement-runs/00000000-0000-4000-8000-000000000000/report.csv?detail=payments').set(preparer).expect(404);
    expect(missing.body.error_code).toBe('SETTLEMENT_RUN_NOT_FOUND_ERROR');
    expect((await t.http.get('/admin/ledger/check').set(preparer).expect(200)).body.ok).toBe(true);
  });

  it('runs a date with nothing due in one step, and says so when asked to prepare it', async () => {
    const emptyDate = new Date(Date.now() - 5 * DAY + 7 * 3600_000).toISOString().slice(0, 10);
    const prepare = await t.http.post('/admin/settlement-runs/prepare').set(preparer).send({ date: emptyDate, reference: 'INC-1' }).expect(400);
    expect(prepare.body.message).toContain('Nothing waits to be settled');
    // Payments of older dates were settled by the run above (its cutoff is later), so nothing is due here.
    expect((await t.http.post('/admin/settlement-runs').set(preparer).send({ date: emptyDate }).expect(200)).body).toMatchObject({ status: 'completed', payments_count: 0 });
  });
});

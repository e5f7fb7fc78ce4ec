import { randomUUID } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { CreatedMerchantView } from '../src/merchants/merchant.views';
import { LedgerService } from '../src/wallets/ledger/ledger.service';
import type { TransferCode } from '../src/wallets/ledger/ledger.types';
import { FakeXendit, startFakeXendit } from './fakes/fake-xendit';
import { eventually, XENDIT_CALLBACK_TOKEN, XENDIT_SECRET_KEY } from './support/provider-world';
import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';

/**
 * Issue 11: cumulative ledger counters (above all the shared system accounts) pass 2^53.
 * Reaching 2^53 through the API would take ~180,000 maximal payments, so each overflow test
 * seeds an account to just below it with one real ledger transfer (the ledger check still
 * balances), pushes it past 2^53 through the public API, and checks that every figure is
 * still answered, exactly. Per-request amounts keep their production limits.
 */
const NEAR = 2 ** 53 - 100; // still an exact JS number; one more payment is not
const PAST = 2n ** 53n;
const exact = (...parts: (number | bigint | string)[]) => String(parts.reduce<bigint>((sum, part) => sum + BigInt(part), 0n));

describe('ledger counters beyond 2^53', () => {
  let t: TestApp;
  let xendit: FakeXendit;

  beforeAll(async () => {
    xendit = await startFakeXendit({ secretKey: XENDIT_SECRET_KEY, callbackToken: XENDIT_CALLBACK_TOKEN, balance: 0 });
    t = await startTestApp({
      // Resources are paid only by /simulate; payments settle a second after.
      SANDBOX_UNPAID_SECONDS: '3600',
      SANDBOX_PENDING_SECONDS: '1',
      XENDIT_BASE_URL: xendit.url,
      XENDIT_SECRET_KEY,
      XENDIT_CALLBACK_TOKEN,
    });
  });
  afterAll(async () => {
    await t.close();
    await xendit.close();
  });

  /** One posted (or pending) transfer between two accounts named by code, through the ledger itself. */
  async function seed(debitCode: string, creditCode: string, amount: number, options: { pending?: boolean; code?: TransferCode } = {}) {
    const ledger = t.app.get(LedgerService);
    await t.app.get(TransactionHost).withTransaction(() =>
      ledger.transfer({
        id: `seed:${randomUUID()}`,
        debit: debitCode,
        credit: creditCode,
        amount,
        code: options.code ?? 'fee',
        reference: 'issue-11-seed',
        pending: options.pending,
      }),
    );
  }

  /** The four counters of an account (system accounts: rolled up or not), read as text: exact whatever the JS number range. */
  async function counters(code: string) {
    const [row] = await t.sql(
      `SELECT debits_pending::text, debits_posted::text, credits_pending::text, credits_posted::text FROM ledger_account_balances WHERE code = $1`,
      [code],
    );
    return row;
  }

  /** Waits until the sandbox has settled every development payment, so counters stand still. */
  const allSettled = () =>
    eventually(() => t.sql<{ count: number }>("SELECT count(*)::int AS count FROM payments WHERE status = 'pending'"), ([row]) => row.count === 0);

  const walletCode = (merchant: CreatedMerchantView, kind: 'income' | 'disburse') => `merchant:${merchant.id}:development:${kind}`;
  const me = async (merchant: CreatedMerchantView) => (await t.http.get('/api/v2/me').set(bearer(merchant.api_keys.development)).expect(200)).body;
  const statement = async (merchant: CreatedMerchantView, wallet: 'income' | 'disburse') =>
    (await t.http.get('/api/v2/transactions').query({ wallet }).set(bearer(merchant.api_keys.development)).expect(200)).body.data;

  async function openVa(merchant: CreatedMerchantView): Promise<string> {
    const { body } = await t.http
      .post('/api/v2/create-virtual-account')
      .set(bearer(merchant.api_keys.development))
      .send({ bank_code: 'BNI', name: 'PT Overflow', is_single_use: false, amount: 10_000, external_id: 'issue-11' })
      .expect(200);
    return body.id;
  }

  const pay = (merchant: CreatedMerchantView, vaId: string, amount: number) =>
    t.http.post(`/api/v2/simulate/virtual-accounts/${vaId}/pay`).set(bearer(merchant.api_keys.development)).send({ amount });

  const settled = (merchant: CreatedMerchantView, vaId: string) =>
    eventually(
      async () => (await t.http.get(`/api/v2/virtual-accounts/${vaId}/payments`).set(bearer(merchant.api_keys.development)).expect(200)).body,
      (payments: { status: string }[]) => payments.length > 0 && payments.every((p) => p.status === 'done'),
    );

  it('refuses sandbox payments and development top-ups above the production per-request limits', async () => {
    const attacker = await t.createMerchant();
    const key = bearer(attacker.api_keys.development);
    const vaId = await openVa(attacker);

    // The first request: 2^53 - 1 into a BNI virtual account (Xendit's limit: 50,000,000,000).
    for (const amount of [9007199254740991, 50_000_000_001]) {
      const refused = await pay(attacker, vaId, amount).expect(400);
      expect(refused.body).toEqual({
        error_code: 'API_VALIDATION_ERROR',
        message: 'amount must be between 1 and 50000000000 for BNI virtual accounts',
        errors: [{ field: 'amount', message: 'amount must be between 1 and 50000000000' }],
      });
    }
    await pay(attacker, vaId, 50_000_000_000).expect(200);

    const { body: code } = await t.http
      .post('/api/v2/create-retail-payment')
      .set(key)
      .send({ retail_outlet_name: 'ALFAMART', name: 'Pembeli', amount: 15_000, external_id: 'issue-11' })
      .expect(200);
    for (const amount of [9_999, 5_000_001]) {
      const refused = await t.http.post(`/api/v2/simulate/retail-payments/${code.id}/pay`).set(key).send({ amount }).expect(400);
      expect(refused.body.message).toBe('amount must be between 10000 and 5000000 for ALFAMART payment codes');
    }
    await t.http.post(`/api/v2/simulate/retail-payments/${code.id}/pay`).set(key).send({ amount: 5_000_000 }).expect(200);

    // Development top-ups have the production limit too.
    const tooBig = await t.http.post('/api/v2/top-ups').set(key).send({ amount: 1_000_000_000_001, transfer_reference: 'too-big' }).expect(400);
    expect(tooBig.body).toMatchObject({ error_code: 'API_VALIDATION_ERROR', errors: [{ field: 'amount', message: 'amount must be at most 1000000000000' }] });
    await t.http.post('/api/v2/top-ups').set(key).send({ amount: 1_000_000_000_000, transfer_reference: 'largest' }).expect(201);

    const recorded = await t.sql<{ amount: number }>('SELECT amount FROM payments WHERE merchant_id = $1 ORDER BY amount', [attacker.id]);
    expect(recorded.map((row) => row.amount)).toEqual([5_000_000, 50_000_000_000]);
    await allSettled();
  });

  it('every merchant can still pay in the sandbox once the shared clearing account is past 2^53', async () => {
    const clearing = 'development:provider_clearing:sandbox';
    const before = await counters(clearing);
    // Reserved and posted debits both stop just short of 2^53 ...
    await seed(clearing, 'development:fees', NEAR - Number(before.debits_pending), { pending: true });
    await seed(clearing, 'development:payout', NEAR - Number(before.debits_posted));

    // ... and one small sandbox payment pushes them past it.
    const attacker = await t.createMerchant();
    const attackerVa = await openVa(attacker);
    await pay(attacker, attackerVa, 1_000).expect(200);
    const pushed = await counters(clearing);
    expect([pushed.debits_pending, pushed.debits_posted]).toContain(exact(NEAR, 1_000));
    expect(BigInt(exact(NEAR, 1_000))).toBeGreaterThan(PAST);

    const victim = await t.createMerchant();
    const victimVa = await openVa(victim);
    const { body: payment } = await pay(victim, victimVa, 250_000).expect(200);
    expect(payment).toMatchObject({ amount: 250_000, status: 'pending' });
    expect(await me(victim)).toMatchObject({ remaning_disbursable_amount: 0 });
    expect(await me(attacker)).toMatchObject({ remaning_disbursable_amount: 0 });

    await settled(attacker, attackerVa);
    await settled(victim, victimVa);
    expect(await counters(clearing)).toEqual({
      debits_pending: String(NEAR),
      debits_posted: exact(NEAR, 1_000, 250_000),
      credits_pending: before.credits_pending,
      credits_posted: before.credits_posted,
    });
    expect(await me(victim)).toMatchObject({ remaning_withdrawable_amount: 250_000 });
    expect(await me(attacker)).toMatchObject({ remaning_withdrawable_amount: 1_000 });
    const rows = await statement(victim, 'income');
    expect(rows.map((row: { kind: string; running_balance: number; pending_balance: number }) => [row.kind, row.running_balance, row.pending_balance])).toEqual([
      ['post_pending', 250_000, 0],
      ['pending', 0, 250_000],
    ]);

    expect((await t.http.get('/admin/ledger/check').set(adminAuth).expect(200)).body).toMatchObject({ ok: true, differences: [] });

    // The ledger check compares those counters exactly: a difference of 1 past 2^53 is found.
    const stored = exact(NEAR, 1_000, 250_000);
    await t.sql('UPDATE ledger_accounts SET debits_posted = debits_posted + 1 WHERE code = $1', [clearing]);
    try {
      const { body: check } = await t.http.get('/admin/ledger/check').set(adminAuth).expect(200);
      expect(check.ok).toBe(false);
      expect(check.differences).toEqual([
        { account_id: expect.any(String), account_code: clearing, field: 'debitsPosted', stored: exact(stored, 1), expected: stored },
      ]);
    } finally {
      await t.sql('UPDATE ledger_accounts SET debits_posted = debits_posted - 1 WHERE code = $1', [clearing]);
    }
    expect((await t.http.get('/admin/ledger/check').set(adminAuth).expect(200)).body.ok).toBe(true);
  });

  it("a merchant's own figures past 2^53 are exact: decimal strings beyond the JSON-number range", async () => {
    const merchant = await t.createMerchant();
    const income = walletCode(merchant, 'income');
    await seed('development:provider_clearing:xendit', income, NEAR, { code: 'payment' });
    const vaId = await openVa(merchant);
    await pay(merchant, vaId, 2_000).expect(200);
    await settled(merchant, vaId);

    const huge = exact(NEAR, 2_000);
    expect(await me(merchant)).toMatchObject({ remaning_withdrawable_amount: huge, remaning_disbursable_amount: 0 });
    expect((await statement(merchant, 'income'))[0]).toMatchObject({ kind: 'post_pending', amount: 2_000, balance_change: 2_000, running_balance: huge, pending_balance: 0 });

    // Spent down again: the counters stay past 2^53, the balance is a plain number.
    await seed(income, 'development:provider_clearing:duitku', NEAR);
    expect(await counters(income)).toEqual({ debits_pending: '0', debits_posted: String(NEAR), credits_pending: '0', credits_posted: huge });
    expect(await me(merchant)).toMatchObject({ remaning_withdrawable_amount: 2_000 });
    const rows = await statement(merchant, 'income');
    expect(rows.map((row: { running_balance: number | string }) => row.running_balance)).toEqual([2_000, huge, NEAR, NEAR]);

    const csv = await t.http.get('/api/v2/transactions').query({ wallet: 'income', format: 'csv' }).set(bearer(merchant.api_keys.development)).expect(200);
    const runningBalances = csv.text.trim().split('\n').slice(1).map((line) => line.split(',')[9]);
    expect(runningBalances).toEqual(['2000', huge, String(NEAR), String(NEAR)]);

    // The API reference documents both forms.
    const { body: docs } = await t.http.get('/docs-json').expect(200);
    expect(docs.components.schemas.MeDto.properties.remaning_withdrawable_amount).toMatchObject({
      oneOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }],
      description: expect.stringContaining('decimal string'),
    });
  });

  it('development top-ups keep working for every merchant once the top-up bank account is past 2^53', async () => {
    const bank = 'development:top_up_bank';
    await seed(bank, 'development:fees', NEAR - Number((await counters(bank)).debits_posted));
    const attacker = await t.createMerchant();
    await t.http.post('/api/v2/top-ups').set(bearer(attacker.api_keys.development)).send({ amount: 1_000_000_000_000, transfer_reference: 'a-1' }).expect(201);

    const victim = await t.createMerchant();
    const { body: topUp } = await t.http.post('/api/v2/top-ups').set(bearer(victim.api_keys.development)).send({ amount: 5_000_000, transfer_reference: 'v-1' }).expect(201);
    expect(topUp).toMatchObject({ status: 'approved', amount: 5_000_000 });
    expect(await counters(bank)).toMatchObject({ debits_posted: exact(NEAR, 1_000_000_000_000, 5_000_000) });
    expect(await me(victim)).toMatchObject({ remaning_disbursable_amount: 5_000_000 });
    expect(await me(attacker)).toMatchObject({ remaning_disbursable_amount: 1_000_000_000_000 });
    expect((await statement(victim, 'disburse'))[0]).toMatchObject({ code: 'top_up', running_balance: 5_000_000 });
    const { body: queue } = await t.http.get('/admin/top-ups').set(adminAuth).expect(200);
    expect(queue.data.find((row: { id: string }) => row.id === topUp.id)).toMatchObject({ status: 'approved', amount: 5_000_000 });
    expect((await t.http.get('/admin/ledger/check').set(adminAuth).expect(200)).body).toMatchObject({ ok: true, differences: [] });
  });

  it('settlement run totals past 2^53 are exact', async () => {
    // Stored totals as a run of ~180,000 maximal development payments would leave them.
    const [big, small] = [await t.createMerchant(), await t.createMerchant()];
    const [{ id: runId }] = await t.sql<{ id: string }>(
      `INSERT INTO settlement_runs (environment, business_date, cutoff_at, status, trigger, completed_at)
       VALUES ('development', '2001-01-01', '2001-01-01T07:00:00Z', 'completed', 'operator', now()) RETURNING id`,
    );
    await t.sql(
      `INSERT INTO settlement_run_merchants (run_id, merchant_id, payments_count, total_amount)
       VALUES ($1, $2, 180144, '9007199254740993'), ($1, $3, 1, 5000)`,
      [runId, big.id, small.id],
    );
    const { body: run } = await t.http.get(`/admin/settlement-runs/${runId}`).set(adminAuth).expect(200);
    expect(run).toMatchObject({ payments_count: 180145, total_amount: '9007199254745993' });
    expect(run.merchants).toEqual(
      expect.arrayContaining([
        { merchant_id: big.id, merchant_name: big.name, payments_count: 180144, total_amount: '9007199254740993' },
        { merchant_id: small.id, merchant_name: small.name, payments_count: 1, total_amount: 5000 },
      ]),
    );
    const { body: runs } = await t.http.get('/admin/settlement-runs').query({ environment: 'development' }).set(adminAuth).expect(200);
    expect(runs.find((row: { id: string }) => row.id === runId)).toMatchObject({ total_amount: '9007199254745993' });
  });

  it('provider reconciliation reads a clearing account past 2^53 exactly', async () => {
    const clearing = 'production:provider_clearing:xendit';
    await seed(clearing, 'production:fees', NEAR);
    await t.http.post('/admin/providers/xendit/funding').set(adminAuth).send({ amount: 1_000_000, direction: 'deposit', reference: 'float-1' }).expect(201);
    const { body: report } = await t.http.get('/admin/providers/reconciliation').set(adminAuth).expect(200);
    expect(report.balances.find((line: { provider: string }) => line.provider === 'xendit')).toEqual({
      provider: 'xendit',
      reported_balance: 0,
      ledger_balance: exact(NEAR, 1_000_000),
      difference: `-${exact(NEAR, 1_000_000)}`,
      error: null,
    });
  });
});

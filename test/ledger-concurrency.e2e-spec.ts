import type { CreatedMerchantView } from '../src/merchants/merchant.views';
import { freePort } from './support/free-port';
import { ServerProcess, startServer } from './support/processes';
import { adminAuth, bearer, startTestApp, TEST_ADMIN_TOKEN, TestApp } from './support/test-app';

const AMOUNT = 10_000;

/**
 * Issue 12: no platform-wide hot row. Disbursements of many merchants at once, and of one
 * merchant at once, sent alternately to two instances on one database (this process and a
 * separate server process): with balances that fit exactly, exactly the funded ones are
 * created, every other one is refused, no wallet goes below zero and the ledger balances.
 */
describe('concurrent disbursements on two instances', () => {
  jest.setTimeout(240_000);
  let first: TestApp;
  let second: ServerProcess;

  beforeAll(async () => {
    first = await startTestApp();
    second = await startServer({
      PORT: String(await freePort()),
      DATABASE_URL: first.databaseUrl,
      ADMIN_API_TOKEN: TEST_ADMIN_TOKEN,
      DEMO_MERCHANT: 'false',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_IP: '1000000',
      RATE_LIMIT_PER_KEY: '1000000',
    });
  });
  afterAll(async () => {
    await second?.stop();
    await first?.close();
  });

  /** A merchant whose development disburse wallet holds exactly `count` disbursements. */
  async function fundedFor(count: number): Promise<CreatedMerchantView> {
    const merchant = await first.createMerchant();
    await first.http.post('/api/v2/top-ups').set(bearer(merchant.api_keys.development)).send({ amount: count * AMOUNT, transfer_reference: 'fund' }).expect(201);
    return merchant;
  }

  /** One create-disbursement, to this process or (odd i) to the other instance over HTTP. */
  async function disburse(i: number, merchant: CreatedMerchantView): Promise<{ status: number; error_code?: string }> {
    // Stays pending in the sandbox (not a magic amount or account number).
    const body = { bank_code: 'BNI', account_name: 'Penerima', account_number: '1234567890', description: 'load', external_id: `load-${i}`, amount: AMOUNT };
    const key = merchant.api_keys.development;
    if (i % 2 === 0) {
      const response = await first.http.post('/api/v2/create-disbursement').set(bearer(key)).send(body);
      return { status: response.status, error_code: response.body.error_code };
    }
    const response = await fetch(`${second.baseUrl}/api/v2/create-disbursement`, {
      method: 'POST',
      headers: { ...bearer(key), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, error_code: ((await response.json()) as { error_code?: string }).error_code };
  }

  /** Sends all requests at once and checks the outcome against what the wallets could pay. */
  async function expectExactly(requests: CreatedMerchantView[], created: number): Promise<void> {
    const answers = await Promise.all(requests.map((merchant, i) => disburse(i, merchant)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(created);
    expect(answers.filter((a) => a.status !== 200)).toEqual(Array(requests.length - created).fill({ status: 400, error_code: 'INSUFFICIENT_BALANCE' }));

    const merchantIds = [...new Set(requests.map((m) => m.id))];
    const [{ count }] = await first.sql<{ count: number }>('SELECT count(*)::int AS count FROM disbursements WHERE merchant_id = ANY($1)', [merchantIds]);
    expect(count).toBe(created);
    for (const merchant of new Set(requests)) {
      const { body: me } = await first.http.get('/api/v2/me').set(bearer(merchant.api_keys.development)).expect(200);
      expect(me.remaning_disbursable_amount).toBe(0);
    }
    const overdrawn = await first.sql('SELECT code FROM ledger_account_balances WHERE debits_must_not_exceed_credits AND credits_posted < debits_posted + debits_pending');
    expect(overdrawn).toEqual([]);
    // Both instances recompute every account from its transfers, movements not rolled up yet included.
    expect((await first.http.get('/admin/ledger/check').set(adminAuth).expect(200)).body).toMatchObject({ ok: true, differences: [] });
    const remote = await fetch(`${second.baseUrl}/admin/ledger/check`, { headers: adminAuth });
    expect(await remote.json()).toMatchObject({ ok: true, differences: [] });
  }

  it('200 disbursements of 20 merchants at once (220 asked): exactly the funded ones, none overdrawn', async () => {
    const merchants = await Promise.all(Array.from({ length: 20 }, () => fundedFor(10)));
    await expectExactly(Array.from({ length: 220 }, (_, i) => merchants[i % 20]), 200);
  });

  it('200 disbursements of one merchant at once (220 asked): exactly the funded ones, none overdrawn', async () => {
    const merchant = await fundedFor(200);
    await expectExactly(Array.from({ length: 220 }, () => merchant), 200);
  });
});

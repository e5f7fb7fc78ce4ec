import { TransactionHost } from '@nestjs-cls/transactional';
import { MoneyMovementsService } from '../src/wallets/money-movements.service';
import { WalletsService } from '../src/wallets/wallets.service';
import type { CreatedMerchantView } from '../src/merchants/merchant.views';
import { adminAuth, bearer, creditIncomeWallet, startTestApp, TestApp } from './support/test-app';

describe('wallets: /me, top-ups and withdrawals', () => {
  let t: TestApp;

  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const me = async (key: string) => (await t.http.get('/api/v2/me').set(bearer(key)).expect(200)).body;

  async function withPayoutAccount(merchant: CreatedMerchantView, environment: 'development' | 'production') {
    await t.http
      .put(`/admin/merchants/${merchant.id}/withdrawal-account/${environment}`)
      .set(adminAuth)
      .send({ bank_code: 'BCA', account_number: '1234567890', account_name: merchant.name })
      .expect(200);
  }

  describe('/me', () => {
    it('has exactly the spec fields, for the environment of the key', async () => {
      const merchant = await t.createMerchant({ name: 'PT Test Client', email: 'qa@testclient.com' });
      await t.http.post('/api/v2/top-ups').set(bearer(merchant.api_keys.development)).send({ amount: 550000000, transfer_reference: 'dev-1' }).expect(201);
      await creditIncomeWallet(t, { merchantId: merchant.id, environment: 'production' }, 10000000);

      expect(await me(merchant.api_keys.production)).toEqual({
        name: 'PT Test Client',
        email: 'qa@testclient.com',
        remaning_withdrawable_amount: 10000000,
        remaning_disbursable_amount: 0,
      });
      expect(await me(merchant.api_keys.development)).toEqual({
        name: 'PT Test Client',
        email: 'qa@testclient.com',
        remaning_withdrawable_amount: 0,
        remaning_disbursable_amount: 550000000,
      });
      // The spec documents POST too.
      const viaPost = await t.http.post('/api/v2/me').set(bearer(merchant.api_keys.production)).expect(200);
      expect(viaPost.body.remaning_withdrawable_amount).toBe(10000000);
      expect(typeof viaPost.body.remaning_disbursable_amount).toBe('number');
    });
  });

  describe('top-ups', () => {
    it('credits a production disburse wallet only when an operator approves, once', async () => {
      const merchant = await t.createMerchant();
      const key = merchant.api_keys.production;
      const declared = await t.http
        .post('/api/v2/top-ups')
        .set(bearer(key))
        .field('amount', '2500000')
        .field('transfer_reference', 'BCA-0001')
        .expect(201);
      expect(declared.body).toMatchObject({ status: 'pending', amount: 2500000, transfer_reference: 'BCA-0001', decided: null });
      expect(declared.body.id).toMatch(/^[0-9a-f]{32}$/);
      expect((await me(key)).remaning_disbursable_amount).toBe(0);

      const approvals = await Promise.all(
        Array.from({ length: 10 }, () => t.http.post(`/admin/top-ups/${declared.body.id}/approve`).set(adminAuth)),
      );
      expect(approvals.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(approvals[0].body).toMatchObject({ status: 'approved', merchant_id: merchant.id, environment: 'production' });
      await t.http.post(`/admin/top-ups/${declared.body.id}/approve`).set(adminAuth).expect(200);
      expect((await me(key)).remaning_disbursable_amount).toBe(2500000);
      const transfers = await t.sql("SELECT id FROM ledger_transfers WHERE reference = $1 AND code = 'top_up'", [declared.body.id]);
      expect(transfers).toHaveLength(1);

      const reject = await t.http.post(`/admin/top-ups/${declared.body.id}/reject`).set(adminAuth).send({ reason: 'x' }).expect(409);
      expect(reject.body.error_code).toBe('TOP_UP_ALREADY_DECIDED_ERROR');
      expect((await t.http.get(`/api/v2/top-ups/${declared.body.id}`).set(bearer(key)).expect(200)).body.status).toBe('approved');
    });

    it('a rejected top-up credits nothing and cannot be approved later', async () => {
      const merchant = await t.createMerchant();
      const key = merchant.api_keys.production;
      const { body } = await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: 1000, transfer_reference: 'R-1' }).expect(201);
      const rejected = await t.http.post(`/admin/top-ups/${body.id}/reject`).set(adminAuth).send({ reason: 'not on statement' }).expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'not on statement' });
      await t.http.post(`/admin/top-ups/${body.id}/approve`).set(adminAuth).expect(409);
      expect((await me(key)).remaning_disbursable_amount).toBe(0);
    });

    it('is approved at once in development', async () => {
      const merchant = await t.createMerchant();
      const { body } = await t.http
        .post('/api/v2/top-ups')
        .set(bearer(merchant.api_keys.development))
        .type('form')
        .send('amount=10000000&transfer_reference=sandbox-1')
        .expect(201);
      expect(body.status).toBe('approved');
      expect((await me(merchant.api_keys.development)).remaning_disbursable_amount).toBe(10000000);
    });

    it('refuses the same transfer reference twice and bad amounts', async () => {
      const merchant = await t.createMerchant();
      const key = merchant.api_keys.production;
      await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: 1000, transfer_reference: 'SAME' }).expect(201);
      const duplicate = await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: 1000, transfer_reference: 'SAME' }).expect(409);
      expect(duplicate.body.error_code).toBe('DUPLICATE_TOP_UP_ERROR');
      for (const amount of ['0', '-5', '10.5', 'abc']) {
        const bad = await t.http.post('/api/v2/top-ups').set(bearer(key)).field('amount', amount).field('transfer_reference', `A${amount}`).expect(400);
        expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['amount']));
      }
    });

    it('reverses an approved top-up unless the money was spent', async () => {
      const merchant = await t.createMerchant();
      const key = merchant.api_keys.production;
      const first = (await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: 800, transfer_reference: 'B-1' })).body;
      await t.http.post(`/admin/top-ups/${first.id}/approve`).set(adminAuth).expect(200);
      const reversed = await t.http.post(`/admin/top-ups/${first.id}/reverse`).set(adminAuth).send({ reason: 'bounced' }).expect(200);
      expect(reversed.body).toMatchObject({ status: 'reversed', reason: 'bounced' });
      expect((await me(key)).remaning_disbursable_amount).toBe(0);
      await t.http.post(`/admin/top-ups/${first.id}/reverse`).set(adminAuth).send({ reason: 'again' }).expect(200);
      expect((await me(key)).remaning_disbursable_amount).toBe(0);

      // Money already reserved for a disbursement cannot be taken back.
      const second = (await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: 500, transfer_reference: 'B-2' })).body;
      await t.http.post(`/admin/top-ups/${second.id}/approve`).set(adminAuth).expect(200);
      await t.app.get(TransactionHost).withTransaction(() =>
        t.app.get(MoneyMovementsService).reserveDisbursement({ merchantId: merchant.id, environment: 'production' }, `test-${second.id}`, 400),
      );
      const refused = await t.http.post(`/admin/top-ups/${second.id}/reverse`).set(adminAuth).send({ reason: 'bounced' }).expect(400);
      expect(refused.body).toMatchObject({ error_code: 'INSUFFICIENT_BALANCE', message: expect.stringContaining('100 available, 500 requested') });
      expect((await t.http.get(`/api/v2/top-ups/${second.id}`).set(bearer(key))).body.status).toBe('approved');
    });

    it('lists newest first with cursor pagination and hides other merchants', async () => {
      const merchant = await t.createMerchant();
      const other = await t.createMerchant();
      const key = merchant.api_keys.production;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.unshift((await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: 100 + i, transfer_reference: `P-${i}` })).body.id);
      }
      const first = await t.http.get('/api/v2/top-ups?limit=2').set(bearer(key)).expect(200);
      const second = await t.http.get(`/api/v2/top-ups?limit=2&cursor=${first.body.next_cursor}`).set(bearer(key)).expect(200);
      const third = await t.http.get(`/api/v2/top-ups?limit=2&cursor=${second.body.next_cursor}`).set(bearer(key)).expect(200);
      expect([...first.body.data, ...second.body.data, ...third.body.data].map((x: { id: string }) => x.id)).toEqual(ids);
      expect(third.body).toMatchObject({ has_more: false, next_cursor: null });
      await t.http.get(`/api/v2/top-ups/${ids[0]}`).set(bearer(other.api_keys.production)).expect(404);
      await t.http.get(`/api/v2/top-ups/${ids[0]}`).set(bearer(merchant.api_keys.development)).expect(404);
      expect((await t.http.get('/api/v2/top-ups').set(bearer(other.api_keys.production))).body.data).toEqual([]);
    });
  });

  describe('withdrawals', () => {
    it('balances are exact after a scripted sequence of top-ups, withdrawals and reversals', async () => {
      const merchant = await t.createMerchant();
      const key = merchant.api_keys.production;
      const scope = { merchantId: merchant.id, environment: 'production' as const };
      await withPayoutAccount(merchant, 'production');
      await creditIncomeWallet(t, scope, 1_000_000);

      const w1 = (await t.http.post('/api/v2/withdrawals').set(bearer(key)).field('amount', '300000').expect(201)).body;
      expect(w1).toMatchObject({ status: 'pending', amount: 300000, bank_code: 'BCA', account_number: '1234567890' });
      expect((await me(key)).remaning_withdrawable_amount).toBe(700_000);

      const failed = await t.http.post(`/admin/withdrawals/${w1.id}/mark-failed`).set(adminAuth).send({ reason: 'account closed' }).expect(200);
      expect(failed.body).toMatchObject({ status: 'failed', failure_reason: 'account closed' });
      expect((await me(key)).remaning_withdrawable_amount).toBe(1_000_000);
      await t.http.post(`/admin/withdrawals/${w1.id}/mark-paid`).set(adminAuth).expect(409);

      const w2 = (await t.http.post('/api/v2/withdrawals').set(bearer(key)).send({ amount: 400_000 }).expect(201)).body;
      await t.http.post(`/admin/withdrawals/${w2.id}/mark-paid`).set(adminAuth).expect(200);
      await t.http.post(`/admin/withdrawals/${w2.id}/mark-paid`).set(adminAuth).expect(200);
      expect((await me(key)).remaning_withdrawable_amount).toBe(600_000);

      const top = (await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: 5_000_000, transfer_reference: 'S-1' })).body;
      await t.http.post(`/admin/top-ups/${top.id}/approve`).set(adminAuth).expect(200);
      await t.http.post(`/admin/top-ups/${top.id}/reverse`).set(adminAuth).send({ reason: 'duplicate credit' }).expect(200);
      const top2 = (await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: 3_000_000, transfer_reference: 'S-2' })).body;
      await t.http.post(`/admin/top-ups/${top2.id}/approve`).set(adminAuth).expect(200);

      expect(await me(key)).toMatchObject({ remaning_withdrawable_amount: 600_000, remaning_disbursable_amount: 3_000_000 });
      const [income] = await t.sql("SELECT * FROM ledger_accounts WHERE merchant_id = $1 AND environment = 'production' AND kind = 'income'", [merchant.id]);
      expect(income).toMatchObject({ credits_posted: 1_000_000, debits_posted: 400_000, debits_pending: 0, credits_pending: 0 });
      expect((await t.app.get(WalletsService).checkLedger()).ok).toBe(true);
    });

    it('100 concurrent withdrawals of 10,000 against 500,000: exactly 50 succeed, never below zero', async () => {
      const merchant = await t.createMerchant();
      const key = merchant.api_keys.production;
      await withPayoutAccount(merchant, 'production');
      await creditIncomeWallet(t, { merchantId: merchant.id, environment: 'production' }, 500_000);

      const responses = await Promise.all(
        Array.from({ length: 100 }, () => t.http.post('/api/v2/withdrawals').set(bearer(key)).send({ amount: 10_000 })),
      );
      const created = responses.filter((r) => r.status === 201);
      const refused = responses.filter((r) => r.status !== 201);
      expect(created).toHaveLength(50);
      expect(refused).toHaveLength(50);
      for (const response of refused) {
        expect(response.status).toBe(400);
        expect(response.body.error_code).toBe('INSUFFICIENT_BALANCE');
        expect(response.body.message).toMatch(/Insufficient balance in the income wallet: 0 available, 10000 requested/);
      }
      expect((await me(key)).remaning_withdrawable_amount).toBe(0);
      expect(await t.sql('SELECT id FROM withdrawals WHERE merchant_id = $1', [merchant.id])).toHaveLength(50);
      const [income] = await t.sql("SELECT * FROM ledger_accounts WHERE merchant_id = $1 AND environment = 'production' AND kind = 'income'", [merchant.id]);
      expect(income).toMatchObject({ credits_posted: 500_000, debits_pending: 500_000, debits_posted: 0 });
    });

    it('needs a registered account; merchants register their own only in development', async () => {
      const merchant = await t.createMerchant();
      const missing = await t.http.post('/api/v2/withdrawals').set(bearer(merchant.api_keys.production)).send({ amount: 20_000 }).expect(404);
      expect(missing.body.error_code).toBe('WITHDRAWAL_ACCOUNT_NOT_FOUND_ERROR');
      const forbidden = await t.http
        .put('/api/v2/withdrawal-account')
        .set(bearer(merchant.api_keys.production))
        .send({ bank_code: 'BNI', account_number: '99999999', account_name: 'Attacker' })
        .expect(403);
      expect(forbidden.body.error_code).toBe('REQUEST_FORBIDDEN_ERROR');
      const sandbox = await t.http
        .put('/api/v2/withdrawal-account')
        .set(bearer(merchant.api_keys.development))
        .field('bank_code', 'BNI')
        .field('account_number', '0011223344')
        .field('account_name', 'PT Sandbox')
        .expect(200);
      expect(sandbox.body).toMatchObject({ bank_code: 'BNI', account_number: '0011223344', account_name: 'PT Sandbox' });
      const badBank = await t.http
        .put('/api/v2/withdrawal-account')
        .set(bearer(merchant.api_keys.development))
        .send({ bank_code: 'NOPE', account_number: '0011223344', account_name: 'x' })
        .expect(400);
      expect(badBank.body.error_code).toBe('BANK_NOT_SUPPORTED_ERROR');
    });

    it('keeps withdrawal amounts within the bank limits', async () => {
      const merchant = await t.createMerchant();
      await withPayoutAccount(merchant, 'production');
      await creditIncomeWallet(t, { merchantId: merchant.id, environment: 'production' }, 200_000_000);
      const small = await t.http.post('/api/v2/withdrawals').set(bearer(merchant.api_keys.production)).send({ amount: 9_999 }).expect(400);
      expect(small.body.message).toContain('between 10000 and 50000000 for BCA');
      await t.http.post('/api/v2/withdrawals').set(bearer(merchant.api_keys.production)).send({ amount: 50_000_001 }).expect(400);
    });
  });
});

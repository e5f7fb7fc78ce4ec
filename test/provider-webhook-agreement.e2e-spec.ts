import { CallbackReceiver } from './support/callback-receiver';
import { eventually, ProviderWorld, startProviderWorld, XENDIT_CALLBACK_TOKEN } from './support/provider-world';
import { adminAuth } from './support/test-app';
import { DUITKU_SANDBOX_CREDENTIALS, duitkuSignature } from './fakes/fake-duitku';
import { XENDIT_CALLBACK_PATHS } from './fakes/fake-xendit';

jest.setTimeout(120_000);

type Body = Record<string, unknown>;
type Receipt = { received: boolean; duplicate: boolean; outcome: string };

const DUITKU_WEBHOOK = '/webhooks/duitku/disbursements';

/**
 * Issue 11: a provider webhook whose bank, account, outlet, code or amount disagrees with
 * our record is kept as `conflict`, moves no money, tells the merchant nothing, leaves the
 * resource or payout as it was and is listed for operators; the agreeing webhook still
 * applies. The fakes' genuine callbacks are held by a relay, so each test first sends a
 * variant that differs in one fact (correctly authenticated), then the genuine one.
 */
describe('provider webhooks must agree with our records', () => {
  let w: ProviderWorld;
  let relay: CallbackReceiver;
  let counter = 0;

  beforeAll(async () => {
    relay = await CallbackReceiver.start();
    // BCA payouts go to Duitku by clearing H2H (finished by the signed callback), banks
    // Duitku lacks go to Xendit; no status check may finish a payout before its webhook.
    w = await startProviderWorld({ env: { DUITKU_TRANSFER_TYPE: 'H2H', PROVIDER_STATUS_POLL_SCHEDULE: '3600' } });
    w.xendit.setCallbackBaseUrl(relay.url(''));
    w.duitku.setCallbackUrl(relay.url(DUITKU_WEBHOOK));
  });

  afterAll(async () => {
    await w.close();
    await relay.close();
  });

  const unique = (prefix: string) => `${prefix}-${++counter}`;

  async function xenditWebhook(path: string, body: Body): Promise<Receipt> {
    return (await w.t.http.post(path).set('X-CALLBACK-TOKEN', XENDIT_CALLBACK_TOKEN).send(body).expect(200)).body;
  }

  /** Sends a Duitku callback signed as Duitku signs it, over whatever fields it carries. */
  async function duitkuWebhook(body: Body): Promise<Receipt> {
    const { email, bankCode, bankAccount, accountName, custRefNumber, amountTransfer, disburseId } = body as Record<string, string | number>;
    const signature = duitkuSignature(email, bankCode, bankAccount, accountName, custRefNumber, amountTransfer, disburseId, DUITKU_SANDBOX_CREDENTIALS.secretKey);
    return (await w.t.http.post(DUITKU_WEBHOOK).send({ ...body, signature }).expect(200)).body;
  }

  /** Everything a disagreeing webhook must leave alone: balances, ledger, payments, merchant callbacks. */
  async function effects(): Promise<Body> {
    const me = (await w.t.http.get('/api/v2/me').set(w.auth).expect(200)).body;
    const wallets = await w.t.sql(
      `SELECT kind, debits_pending, debits_posted, credits_pending, credits_posted FROM ledger_accounts
       WHERE merchant_id = $1 AND environment = 'production' ORDER BY kind`,
      [w.merchant.id],
    );
    const [counts] = await w.t.sql(
      `SELECT (SELECT count(*) FROM ledger_transfers) AS ledger_transfers, (SELECT count(*) FROM payments) AS payments,
              (SELECT count(*) FROM callback_events WHERE merchant_id = $1) AS merchant_callbacks`,
      [w.merchant.id],
    );
    return { me, wallets, ...counts };
  }

  /**
   * Sends one disagreeing webhook and checks all that issue 11 asks: answered 200, stored
   * as `conflict` with `detail`, nothing moved, and listed by reconciliation. A repeat of
   * it is a duplicate that does nothing either.
   */
  async function expectConflict(send: () => Promise<Receipt>, event: { provider: 'xendit' | 'duitku'; eventId: string }, detail: string): Promise<void> {
    const before = await effects();
    expect(await send()).toEqual({ received: true, duplicate: false, outcome: 'conflict' });
    expect(await send()).toEqual({ received: true, duplicate: true, outcome: 'conflict' });
    expect(await effects()).toEqual(before);
    const stored = await w.t.sql('SELECT outcome, detail FROM provider_events WHERE provider = $1 AND event_id = $2', [event.provider, event.eventId]);
    expect(stored).toEqual([{ outcome: 'conflict', detail }]);
    const { body: report } = await w.t.http.get('/admin/providers/reconciliation').set(adminAuth).expect(200);
    expect(report.provider_events).toContainEqual(expect.objectContaining({ provider: event.provider, event_id: event.eventId, outcome: 'conflict', detail }));
  }

  const merchantEvents = async (resourceId: string) =>
    (await w.t.sql<{ event_type: string }>('SELECT event_type FROM callback_events WHERE resource_id = $1 ORDER BY created_at', [resourceId])).map((e) => e.event_type);

  describe('Xendit payments', () => {
    /** A single-use BSS account (SAHABAT_SAMPOERNA at Xendit) paid at the fake; the genuine callback is held by the relay. */
    async function paidVirtualAccount() {
      const { body: va } = await w.t.http
        .post('/api/v2/create-virtual-account')
        .set(w.auth)
        .send({ external_id: unique('va'), bank_code: 'BSS', name: 'Siti Aminah', amount: 250_000, is_single_use: true })
        .expect(200);
      const genuine = await w.xendit.payVirtualAccount(va.account_number);
      // As documented: the callback's account_number is the number without the merchant_code prefix.
      expect(`${String(genuine.merchant_code)}${String(genuine.account_number)}`).toBe(va.account_number);
      return { va, genuine, merchantCode: String(genuine.merchant_code), suffix: String(genuine.account_number) };
    }

    const anotherDigit = (digits: string) => digits.replace(/\d$/, (last) => String((Number(last) + 1) % 10));

    it.each<[string, (paid: Awaited<ReturnType<typeof paidVirtualAccount>>) => [Body, string]]>([
      ['another bank_code', () => [{ bank_code: 'BNI' }, 'Xendit reports bank_code BNI, the account is at SAHABAT_SAMPOERNA']],
      [
        'another account_number',
        ({ va, merchantCode, suffix }) => [
          { account_number: anotherDigit(suffix) },
          `Xendit reports account ${merchantCode}${anotherDigit(suffix)} (merchant_code ${merchantCode} + account_number ${anotherDigit(suffix)}), the account is ${va.account_number}`,
        ],
      ],
      // Our full number where the doc sends it without the prefix names another account.
      [
        'our full number as account_number',
        ({ va, merchantCode }) => [
          { account_number: va.account_number },
          `Xendit reports account ${merchantCode}${va.account_number} (merchant_code ${merchantCode} + account_number ${va.account_number}), the account is ${va.account_number}`,
        ],
      ],
      [
        'another merchant_code',
        ({ va, merchantCode, suffix }) => [
          { merchant_code: anotherDigit(merchantCode) },
          `Xendit reports account ${anotherDigit(merchantCode)}${suffix} (merchant_code ${anotherDigit(merchantCode)} + account_number ${suffix}), the account is ${va.account_number}`,
        ],
      ],
      ['another amount', () => [{ amount: 249_999 }, 'Xendit reports amount 249999, the closed account takes exactly 250000']],
      ['no bank_code', () => [{ bank_code: undefined }, "Xendit's payment does not report bank_code"]],
    ])('FVA paid callback with %s: conflict, nothing moves; the genuine callback then applies', async (_case, variant) => {
      const paid = await paidVirtualAccount();
      const { va, genuine } = paid;
      const [change, detail] = variant(paid);
      const paymentId = unique(String(genuine.payment_id));
      await expectConflict(
        () => xenditWebhook(XENDIT_CALLBACK_PATHS.virtualAccountPaid, { ...genuine, id: unique('fvap'), payment_id: paymentId, ...change }),
        { provider: 'xendit', eventId: `virtual_account.paid:${paymentId}` },
        `Virtual account ${va.id}: ${detail}`,
      );
      expect((await w.t.http.get(`/api/v2/virtual-accounts/${va.id}`).set(w.auth)).body.status).toBe('unpaid');
      expect(await merchantEvents(va.id)).toEqual(['virtual_account.created']);

      expect(await xenditWebhook(XENDIT_CALLBACK_PATHS.virtualAccountPaid, genuine)).toEqual({ received: true, duplicate: false, outcome: 'applied' });
      expect((await w.t.http.get(`/api/v2/virtual-accounts/${va.id}`).set(w.auth)).body.status).toBe('pending');
      expect((await w.t.http.get(`/api/v2/virtual-accounts/${va.id}/payments`).set(w.auth)).body).toEqual([expect.objectContaining({ amount: 250_000, status: 'pending' })]);
      expect(await merchantEvents(va.id)).toEqual(['virtual_account.created', 'virtual_account.paid']);
    });

    it.each<[string, Body, (ourCode: string) => string]>([
      // The case: an INDOMARET payment accepted for an ALFAMART code.
      ['INDOMARET as retail_outlet_name', { retail_outlet_name: 'INDOMARET' }, () => 'Xendit reports retail_outlet_name INDOMARET, the code is for ALFAMART'],
      ['another payment_code', { payment_code: 'TEST000000' }, (ourCode) => `Xendit reports payment_code TEST000000, the code is ${ourCode}`],
      ['another amount', { amount: 100_001 }, () => 'Xendit reports amount 100001, the code takes exactly 100000'],
      ['no retail_outlet_name', { retail_outlet_name: undefined }, () => "Xendit's payment does not report retail_outlet_name"],
    ])('fixed payment code paid callback with %s: conflict, nothing moves; the genuine callback then applies', async (_case, change, detail) => {
      const { body: code } = await w.t.http
        .post('/api/v2/create-retail-payment')
        .set(w.auth)
        .send({ external_id: unique('fpc'), retail_outlet_name: 'ALFAMART', name: 'Budi Santoso', amount: 100_000 })
        .expect(200);
      const genuine = await w.xendit.payRetailCode(code.payment_code);
      expect(genuine).toMatchObject({ retail_outlet_name: 'ALFAMART', payment_code: code.payment_code, amount: 100_000 });
      const paymentId = unique(String(genuine.payment_id));
      await expectConflict(
        () => xenditWebhook(XENDIT_CALLBACK_PATHS.retailPaymentPaid, { ...genuine, fixed_payment_code_payment_id: unique('fpcp'), payment_id: paymentId, ...change }),
        { provider: 'xendit', eventId: `retail_payment.paid:${paymentId}` },
        `Retail payment ${code.id}: ${detail(code.payment_code)}`,
      );
      expect((await w.t.http.get(`/api/v2/retail-payments/${code.id}`).set(w.auth)).body.status).toBe('unpaid');
      expect(await merchantEvents(code.id)).toEqual(['retail_payment.created']);

      expect(await xenditWebhook(XENDIT_CALLBACK_PATHS.retailPaymentPaid, genuine)).toEqual({ received: true, duplicate: false, outcome: 'applied' });
      expect((await w.t.http.get(`/api/v2/retail-payments/${code.id}`).set(w.auth)).body.status).toBe('pending');
      expect(await merchantEvents(code.id)).toEqual(['retail_payment.created', 'retail_payment.paid']);
    });
  });

  describe('payout callbacks', () => {
    /**
     * Creates a payout and waits until its provider has it and the provider's genuine
     * callback for it is held by the relay; returns both.
     */
    async function payoutAwaitingCallback(bankCode: string, accountNumber: string, amount: number) {
      const { body: payout } = await w.t.http
        .post('/api/v2/create-disbursement')
        .set(w.auth)
        .send({ bank_code: bankCode, account_name: 'Test Account', account_number: accountNumber, description: 'Agreement', external_id: unique('payout'), amount })
        .expect(200);
      const [row] = await eventually(
        () => w.t.sql<{ provider: string; provider_reference: string | null; provider_stage: string }>('SELECT provider, provider_reference, provider_stage FROM disbursements WHERE id = $1', [payout.id]),
        ([current]) => current.provider_stage === 'submitted' && current.provider_reference !== null,
      );
      const forThisPayout = (body: Body) => (row.provider === 'xendit' ? body.external_id === payout.id : String(body.disburseId) === row.provider_reference);
      const genuine = await eventually(
        async () => relay.received.map((callback) => JSON.parse(callback.body) as Body).find(forThisPayout),
        (found) => found !== undefined,
      );
      return { payout, row, genuine: genuine as Body };
    }

    async function expectPayoutStillPending(id: string) {
      expect((await w.t.http.get(`/api/v2/disbursements/${id}`).set(w.auth)).body.status).toBe('pending');
      expect(await merchantEvents(id)).toEqual([]);
    }

    async function expectCompletedBy(id: string, sendGenuine: () => Promise<Receipt>) {
      expect(await sendGenuine()).toEqual({ received: true, duplicate: false, outcome: 'applied' });
      expect((await w.t.http.get(`/api/v2/disbursements/${id}`).set(w.auth)).body.status).toBe('done');
      expect(await merchantEvents(id)).toEqual(['disbursement.completed']);
    }

    // Each variant reports a failure (which would give the money back) on its own payout: a
    // disagreeing copy of the genuine COMPLETED would make the genuine one its duplicate.
    it.each([
      ['amount', { amount: 50_001 }, 'amount 50001, we sent 50000'],
      ['bank_code', { bank_code: 'BCA' }, 'bank BCA, we sent CIMB_UUS'],
      ['account_number', { account_number: '1234567899' }, 'account number 1234567899, we sent 1234567890'],
    ])('Xendit disbursement: a FAILED report with another %s changes nothing; the genuine COMPLETED applies', async (_fact, change, detail) => {
      const { payout, row, genuine } = await payoutAwaitingCallback('CIMB_UUS', '1234567890', 50_000);
      expect(row.provider).toBe('xendit');
      expect(genuine.external_id).toBe(payout.id);

      await expectConflict(
        () => xenditWebhook(XENDIT_CALLBACK_PATHS.disbursement, { ...genuine, status: 'FAILED', failure_code: 'REJECTED_BY_BANK', ...change }),
        { provider: 'xendit', eventId: `disbursement:${String(genuine.id)}:FAILED` },
        `Disbursement ${payout.id}: the provider reports ${detail}`,
      );
      await expectPayoutStillPending(payout.id);
      await expectCompletedBy(payout.id, () => xenditWebhook(XENDIT_CALLBACK_PATHS.disbursement, genuine));
    });

    it('Xendit disbursement: a report without the amount the doc always sends changes nothing', async () => {
      const { payout, genuine } = await payoutAwaitingCallback('CIMB_UUS', '1234567890', 50_000);
      await expectConflict(
        () => xenditWebhook(XENDIT_CALLBACK_PATHS.disbursement, { ...genuine, status: 'FAILED', failure_code: 'REJECTED_BY_BANK', amount: undefined }),
        { provider: 'xendit', eventId: `disbursement:${String(genuine.id)}:FAILED` },
        `Disbursement ${payout.id}: Xendit's callback does not report amount`,
      );
      await expectPayoutStillPending(payout.id);
      await expectCompletedBy(payout.id, () => xenditWebhook(XENDIT_CALLBACK_PATHS.disbursement, genuine));
    });

    it.each([
      ['amountTransfer', { amountTransfer: 60_001 }, 'amount 60001, we sent 60000'],
      ['bankCode', { bankCode: '002' }, 'bank 002, we sent 014'],
      ['bankAccount', { bankAccount: '8760673467' }, 'account number 8760673467, we sent 8760673466'],
    ])('Duitku clearing callback: a failed (01) report with another %s changes nothing; the genuine 00 applies', async (_fact, change, detail) => {
      const { payout, row, genuine } = await payoutAwaitingCallback('BCA', '8760673466', 60_000);
      expect(row.provider).toBe('duitku');
      expect(String(genuine.disburseId)).toBe(row.provider_reference);

      await expectConflict(
        () => duitkuWebhook({ ...genuine, statusCode: '01', statusDesc: 'Failed', errorMessage: 'Rejected', ...change }),
        { provider: 'duitku', eventId: `disbursement:${row.provider_reference}:01` },
        `Disbursement ${payout.id}: the provider reports ${detail}`,
      );
      await expectPayoutStillPending(payout.id);
      await expectCompletedBy(payout.id, () => duitkuWebhook(genuine));
    });
  });
});

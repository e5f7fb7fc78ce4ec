import { CallbackReceiver } from './support/callback-receiver';
import { eventually, ProviderWorld, startProviderWorld, XENDIT_CALLBACK_TOKEN } from './support/provider-world';
import { adminAuth } from './support/test-app';
import {
  DUITKU_CLEARING_INQUIRY_TABLE,
  DUITKU_CLEARING_TRANSFER_TABLE,
  DUITKU_ONLINE_INQUIRY_TABLE,
  DUITKU_ONLINE_TRANSFER_TABLE,
  DuitkuTestRow,
  duitkuSignature,
} from './fakes/fake-duitku';

jest.setTimeout(90_000);

const DAY = 86_400_000;
const jakartaDate = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);

type Outcome = { status: 'done' } | { status: 'failed'; failure_code: string };
const done: Outcome = { status: 'done' };
const failed = (failure_code: string): Outcome => ({ status: 'failed', failure_code });

/**
 * What Palladium's API shows for each Duitku response code (README "Upstream providers").
 * At inquiry nothing moves: every failure ends the attempt. At transfer, TO / 68 / -100
 * are in doubt: pending, settled by status inquiry (the sandbox then reports success).
 */
const AT_INQUIRY: Record<string, Outcome> = {
  '00': done, TO: failed('TEMPORARY_BANK_NETWORK_ERROR'), '-100': failed('TRANSFER_ERROR'), LD: failed('SWITCHING_NETWORK_ERROR'),
  '91': failed('TEMPORARY_BANK_NETWORK_ERROR'), '89': failed('SWITCHING_NETWORK_ERROR'), EE: failed('TEMPORARY_BANK_NETWORK_ERROR'),
  NF: failed('TEMPORARY_BANK_NETWORK_ERROR'), '66': failed('TEMPORARY_BANK_NETWORK_ERROR'), '68': failed('TEMPORARY_BANK_NETWORK_ERROR'),
  '88': failed('TEMPORARY_BANK_NETWORK_ERROR'), '90': failed('INVALID_DESTINATION'),
};
const AT_TRANSFER: Record<string, Outcome> = {
  '00': done, '80': done, TO: done, '68': done, '-100': done, LD: failed('SWITCHING_NETWORK_ERROR'), '91': failed('TEMPORARY_BANK_NETWORK_ERROR'),
  '89': failed('SWITCHING_NETWORK_ERROR'), '-510': failed('TEMPORARY_TRANSFER_ERROR'), NF: failed('TEMPORARY_BANK_NETWORK_ERROR'), '90': failed('INVALID_DESTINATION'),
};
const IN_DOUBT = new Set(['TO', '68', '-100']);

const disbursement = (accountNumber: string, amount = 50_000) => ({
  bank_code: 'BCA', account_name: 'Test Account', account_number: accountNumber, description: 'Sandbox table', external_id: `acct-${accountNumber}`, amount,
});

async function finalState(w: ProviderWorld, id: string) {
  return eventually(
    async () => (await w.t.http.get(`/api/v2/disbursements/${id}`).set(w.auth)).body,
    (body) => body.status !== 'pending',
  );
}

const disburseBalance = async (w: ProviderWorld) => (await w.t.http.get('/api/v2/me').set(w.auth)).body;

async function runTable(w: ProviderWorld, rows: readonly DuitkuTestRow[], expected: Record<string, Outcome>, stage: 'inquiry' | 'transfer') {
  const before = await disburseBalance(w);
  const created = await Promise.all(
    rows.map(async (row) => (await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(disbursement(row.bankAccount)).expect(200)).body),
  );
  created.forEach((body) => expect(body.status).toBe('pending'));
  let moved = 0;
  for (const [index, row] of rows.entries()) {
    const final = await finalState(w, created[index].id);
    const want = expected[row.responseCode];
    expect({ account: row.bankAccount, code: row.responseCode, status: final.status, failure_code: final.failure_code }).toEqual({
      account: row.bankAccount, code: row.responseCode, ...want,
    });
    const [payout] = await w.t.sql<{ provider_reference: string | null }>('SELECT provider_reference FROM disbursements WHERE id = $1', [created[index].id]);
    const transfer = payout.provider_reference ? w.duitku.transfers.get(payout.provider_reference) : undefined;
    if (stage === 'inquiry' && row.responseCode !== '00') expect(transfer).toBeUndefined();
    // Never sent twice, even when in doubt; money moved exactly when we say done.
    if (transfer) expect(transfer.transferCalls).toBe(1);
    expect(Boolean(transfer?.executed)).toBe(want.status === 'done');
    if (stage === 'transfer' && IN_DOUBT.has(row.responseCode)) {
      const attempts = (await w.t.http.get(`/admin/disbursements/${created[index].id}/attempts`).set(adminAuth).expect(200)).body;
      expect(attempts.map((a: { operation: string }) => a.operation).filter((op: string) => op.startsWith('transfer'))).toHaveLength(1);
      expect(attempts.some((a: { operation: string; outcome: string }) => a.operation === 'inquirystatus' && a.outcome === 'completed')).toBe(true);
    }
    if (want.status === 'done') moved += 50_000;
  }
  const after = await disburseBalance(w);
  expect(before.remaning_disbursable_amount - after.remaning_disbursable_amount).toBe(moved);
}

describe('Duitku sandbox test tables through our API (Duitku only, no failover)', () => {
  it('online transfers: every inquiry-table and transfer-table account number', async () => {
    const w = await startProviderWorld({ env: { DISBURSEMENT_PROVIDERS: 'duitku' } });
    try {
      await runTable(w, DUITKU_ONLINE_INQUIRY_TABLE, AT_INQUIRY, 'inquiry');
      await runTable(w, DUITKU_ONLINE_TRANSFER_TABLE, AT_TRANSFER, 'transfer');
    } finally {
      await w.close();
    }
  });

  it('clearing (LLG): every clearing inquiry and transfer account number', async () => {
    const w = await startProviderWorld({ env: { DISBURSEMENT_PROVIDERS: 'duitku', DUITKU_TRANSFER_TYPE: 'LLG' } });
    try {
      await runTable(w, DUITKU_CLEARING_INQUIRY_TABLE, AT_INQUIRY, 'inquiry');
      await runTable(w, DUITKU_CLEARING_TRANSFER_TABLE.filter((row) => row.type === undefined || row.type === 'LLG'), AT_TRANSFER, 'transfer');
    } finally {
      await w.close();
    }
  });

  it('clearing (H2H): 80 waits for the signed callback, which completes it once', async () => {
    const w = await startProviderWorld({ env: { DISBURSEMENT_PROVIDERS: 'duitku', DUITKU_TRANSFER_TYPE: 'H2H', PROVIDER_STATUS_POLL_SCHEDULE: '30' } });
    try {
      const rows = DUITKU_CLEARING_TRANSFER_TABLE.filter((row) => row.type === 'H2H');
      expect(rows.map((row) => row.responseCode)).toEqual(['80']);
      await runTable(w, rows, AT_TRANSFER, 'transfer');
      const [event] = await w.t.sql<{ outcome: string }>(`SELECT outcome FROM provider_events WHERE provider = 'duitku'`);
      expect(event.outcome).toBe('applied');
    } finally {
      await w.close();
    }
  });
});

describe('production through the fake providers', () => {
  let w: ProviderWorld;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    w = await startProviderWorld({ inDoubtResolveMs: 1_500 });
  });

  afterAll(async () => {
    await w.close();
    await receiver.close();
  });

  it('virtual account: Xendit FVA → paid webhook → pending → settlement → done, with merchant callbacks', async () => {
    await w.t.http
      .put('/api/v2/callback-urls')
      .set(w.auth)
      .send({ 'virtual_account.created': receiver.url('/created'), 'virtual_account.paid': receiver.url('/paid'), 'payment.settled': receiver.url('/settled') })
      .expect(200);
    const { body: va } = await w.t.http
      .post('/api/v2/create-virtual-account')
      .set(w.auth)
      .send({ external_id: 'order-1', bank_code: 'BSS', name: 'PT Test Bersama', amount: 250_000, is_single_use: true })
      .expect(200);
    expect(va).toMatchObject({ status: 'unpaid', bank_code: 'BSS', amount: 250_000 });
    const fva = [...w.xendit.virtualAccounts.values()].find((account) => account.external_id === va.id)!;
    expect(fva).toMatchObject({ bank_code: 'SAHABAT_SAMPOERNA', account_number: va.account_number, is_closed: true, expected_amount: 250_000 });

    await w.xendit.payVirtualAccount(va.account_number);
    const paid = await eventually(async () => (await w.t.http.get(`/api/v2/virtual-accounts/${va.id}`).set(w.auth)).body, (body) => body.status === 'pending');
    expect(paid.status).toBe('pending');
    expect((await w.t.http.get('/api/v2/me').set(w.auth)).body.remaning_withdrawable_amount).toBe(0);

    // The payer paid before a cutoff that has passed (two days ago), so a run settles it.
    const businessDate = jakartaDate(Date.now() - 2 * DAY);
    await w.t.sql(`UPDATE payments SET paid_at = $1 WHERE resource_id = $2`, [new Date(`${businessDate}T09:00:00+07:00`), va.id]);
    await w.t.http.post('/admin/settlement-runs').set(adminAuth).send({ date: businessDate, environment: 'production' }).expect(200);
    expect((await w.t.http.get(`/api/v2/virtual-accounts/${va.id}`).set(w.auth)).body.status).toBe('done');
    expect((await w.t.http.get('/api/v2/me').set(w.auth)).body.remaning_withdrawable_amount).toBe(250_000);
    // Each event type is delivered on its own; wait for all three.
    await receiver.waitFor(() => receiver.on('/settled').length === 1 && receiver.on('/paid').length === 1 && receiver.on('/created').length === 1);
    expect(JSON.parse(receiver.on('/paid')[0].body)).toMatchObject({ event: 'virtual_account.paid', data: { id: va.id, status: 'pending' } });
  });

  it('Alfamart: Xendit fixed payment code paid through its webhook', async () => {
    const { body: code } = await w.t.http
      .post('/api/v2/create-retail-payment')
      .set(w.auth)
      .send({ external_id: 'order-2', retail_outlet_name: 'ALFAMART', name: 'Budi', amount: 100_000 })
      .expect(200);
    await w.xendit.payRetailCode(code.payment_code);
    await eventually(async () => (await w.t.http.get(`/api/v2/retail-payments/${code.id}`).set(w.auth)).body.status, (status) => status === 'pending');
  });

  it('forged webhooks get 401 and leave nothing behind; a duplicated genuine one is recorded once', async () => {
    const { body: va } = await w.t.http
      .post('/api/v2/create-virtual-account')
      .set(w.auth)
      .send({ external_id: 'order-3', bank_code: 'BNI', name: 'Siti', amount: 75_000, is_single_use: false })
      .expect(200);
    const fvaId = [...w.xendit.virtualAccounts.values()].find((account) => account.external_id === va.id)!.id;
    const forged = { id: 'forged-1', payment_id: 'forged-payment', callback_virtual_account_id: fvaId, external_id: va.id, amount: 75_000 };
    const countEvents = async () => Number((await w.t.sql<{ n: string }>(`SELECT count(*) AS n FROM provider_events WHERE event_type <> 'virtual_account.updated'`))[0].n);
    const countPayments = async () => Number((await w.t.sql<{ n: string }>('SELECT count(*) AS n FROM payments WHERE resource_id = $1', [va.id]))[0].n);
    const eventsBefore = await countEvents();

    for (const headers of [{}, { 'X-CALLBACK-TOKEN': 'wrong-token' }, { 'X-CALLBACK-TOKEN': `${XENDIT_CALLBACK_TOKEN}x` }]) {
      const response = await w.t.http.post('/webhooks/xendit/virtual-accounts/paid').set(headers).send(forged).expect(401);
      expect(response.body.error_code).toBe('INVALID_WEBHOOK_SIGNATURE');
    }
    const duitkuForged = { disburseId: '1', userId: 3551, email: 'x@example.com', bankCode: '014', bankAccount: '8760673466', amountTransfer: 1, accountName: 'A', custRefNumber: '1', statusCode: '00', signature: duitkuSignature('bogus') };
    expect((await w.t.http.post('/webhooks/duitku/disbursements').send(duitkuForged).expect(401)).body.error_code).toBe('INVALID_WEBHOOK_SIGNATURE');
    expect(await countEvents()).toBe(eventsBefore);
    expect(await countPayments()).toBe(0);

    const callback = await w.xendit.payVirtualAccount(va.account_number);
    await eventually(countPayments, (n) => n === 1);
    // The same notification again, also many at once: still one payment, one event.
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => w.t.http.post('/webhooks/xendit/virtual-accounts/paid').set('X-CALLBACK-TOKEN', XENDIT_CALLBACK_TOKEN).send(callback)),
    );
    replies.forEach((reply) => expect(reply.body).toMatchObject({ received: true, duplicate: true }));
    expect(await w.xendit.resendCallback(callback, '/webhooks/xendit/virtual-accounts/paid')).toBe(200);
    expect(await countPayments()).toBe(1);
    const events = await w.t.sql('SELECT 1 FROM provider_events WHERE event_id = $1', [`virtual_account.paid:${callback.payment_id}`]);
    expect(events).toHaveLength(1);
  });

  it('an ambiguous transfer (68) stays pending, the poller resolves it, and the money moves once', async () => {
    const before = (await disburseBalance(w)).remaning_disbursable_amount;
    const { body } = await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(disbursement('8760673564', 60_000)).expect(200);
    const inDoubt = await eventually(
      () => w.t.sql<{ status: string; provider_stage: string; status_checks: number }>('SELECT status, provider_stage, status_checks FROM disbursements WHERE id = $1', [body.id]),
      ([row]) => row.status_checks >= 2,
    );
    expect(inDoubt[0]).toMatchObject({ status: 'pending', provider_stage: 'submitted' });
    expect((await w.t.http.get(`/api/v2/disbursements/${body.id}`).set(w.auth)).body.status).toBe('pending');
    expect((await finalState(w, body.id)).status).toBe('done');
    const [row] = await w.t.sql<{ provider: string; provider_reference: string }>('SELECT provider, provider_reference FROM disbursements WHERE id = $1', [body.id]);
    expect(row.provider).toBe('duitku');
    expect(w.duitku.transfers.get(row.provider_reference)).toMatchObject({ transferCalls: 1, executed: true });
    expect([...w.xendit.disbursements.values()].filter((d) => d.external_id === body.id)).toHaveLength(0);
    expect(before - (await disburseBalance(w)).remaning_disbursable_amount).toBe(60_000);
  });

  it('a transfer whose answer is lost is checked, not sent again and not failed over', async () => {
    w.duitku.dropNextTransferResponse();
    const { body } = await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(disbursement('8760673566', 70_000)).expect(200);
    expect((await finalState(w, body.id)).status).toBe('done');
    const [row] = await w.t.sql<{ provider: string; provider_reference: string }>('SELECT provider, provider_reference FROM disbursements WHERE id = $1', [body.id]);
    expect(row.provider).toBe('duitku');
    expect(w.duitku.transfers.get(row.provider_reference)!.transferCalls).toBe(1);
    expect([...w.xendit.disbursements.values()].filter((d) => d.external_id === body.id)).toHaveLength(0);
  });

  it('a definite failure that moved no money (-510 at Duitku) fails over to Xendit', async () => {
    const { body } = await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(disbursement('8760673562', 80_000)).expect(200);
    expect((await finalState(w, body.id)).status).toBe('done');
    const attempts = (await w.t.http.get(`/admin/disbursements/${body.id}/attempts`).set(adminAuth).expect(200)).body;
    expect(attempts.map((a: { provider: string; operation: string; outcome: string; response_code: string | null }) => [a.provider, a.operation, a.outcome, a.response_code])).toEqual([
      ['duitku', 'checkbalance', 'advanced', '00'],
      ['duitku', 'inquiry', 'advanced', '00'],
      ['duitku', 'transfer', 'failed_over', '-510'],
      ['xendit', 'create_disbursement', 'waiting', 'PENDING'],
    ]);
    expect([...w.xendit.disbursements.values()].filter((d) => d.external_id === body.id)).toEqual([expect.objectContaining({ status: 'COMPLETED', amount: 80_000 })]);
  });

  it('account inquiry asks Duitku', async () => {
    const found = await w.t.http.post('/api/v2/inquiry-account').set(w.auth).send({ bank_code: 'BCA', account_number: '8760673566' }).expect(200);
    expect(found.body).toMatchObject({ bank_code: 'BCA', account_number: '8760673566', account_name: 'Test Account' });
    const down = await w.t.http.post('/api/v2/inquiry-account').set(w.auth).send({ bank_code: 'BCA', account_number: '8760673513' }).expect(503);
    expect(down.body.error_code).toBe('PROVIDER_UNAVAILABLE_ERROR');
  });

  it('reconciliation: balances agree with the providers, and an unknown webhook is listed', async () => {
    await w.t.http
      .post('/webhooks/xendit/virtual-accounts/paid')
      .set('X-CALLBACK-TOKEN', XENDIT_CALLBACK_TOKEN)
      .send({ id: 'stray', payment_id: 'stray-payment', callback_virtual_account_id: 'nope', external_id: 'not-ours', amount: 5_000 })
      .expect(200);
    const { body: report } = await w.t.http.get('/admin/providers/reconciliation').set(adminAuth).expect(200);
    expect(report.balances).toEqual([
      expect.objectContaining({ provider: 'xendit', difference: 0, error: null }),
      expect.objectContaining({ provider: 'duitku', difference: 0, error: null }),
    ]);
    expect(report.disbursements).toEqual([]);
    expect(report.payments).toEqual([]);
    expect(report.provider_events).toEqual([expect.objectContaining({ provider: 'xendit', event_id: 'virtual_account.paid:stray-payment', outcome: 'unmatched' })]);
  });
});

describe('provider down', () => {
  it('Duitku unreachable while a transfer is in doubt: it stays pending with Duitku, never fails over', async () => {
    const w = await startProviderWorld({ inDoubtResolveMs: 60_000 });
    try {
      const { body } = await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(disbursement('8760673564', 55_000)).expect(200);
      const checks = () => w.t.sql<{ status: string; provider: string; status_checks: number }>('SELECT status, provider, status_checks FROM disbursements WHERE id = $1', [body.id]);
      await eventually(checks, ([row]) => row.status_checks >= 1);
      await w.duitku.close();
      const [row] = await eventually(checks, ([current]) => current.status_checks >= 4);
      expect(row).toMatchObject({ status: 'pending', provider: 'duitku' });
      expect([...w.xendit.disbursements.values()].filter((d) => d.external_id === body.id)).toHaveLength(0);
    } finally {
      await w.close();
    }
  });

  it('connection refused at Duitku: fails over to Xendit, which completes the payout once', async () => {
    const w = await startProviderWorld({ duitkuDown: true });
    try {
      const before = (await disburseBalance(w)).remaning_disbursable_amount;
      const { body } = await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(disbursement('1234567890', 150_000)).expect(200);
      expect(body.status).toBe('pending');
      expect((await finalState(w, body.id)).status).toBe('done');
      const attempts = (await w.t.http.get(`/admin/disbursements/${body.id}/attempts`).set(adminAuth).expect(200)).body;
      expect(attempts.map((a: { provider: string; operation: string; outcome: string }) => [a.provider, a.operation, a.outcome])).toEqual([
        ['duitku', 'checkbalance', 'advanced'],
        ['duitku', 'inquiry', 'failed_over'],
        ['xendit', 'create_disbursement', 'waiting'],
      ]);
      expect(attempts[1].error).toContain('ECONNREFUSED');
      expect([...w.xendit.disbursements.values()].filter((d) => d.external_id === body.id)).toHaveLength(1);
      expect(before - (await disburseBalance(w)).remaning_disbursable_amount).toBe(150_000);
    } finally {
      await w.close();
    }
  });
});

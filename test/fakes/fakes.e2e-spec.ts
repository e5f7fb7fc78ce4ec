import { CallbackReceiver, ReceivedCallback } from '../support/callback-receiver';
import {
  DUITKU_CLEARING_INQUIRY_TABLE,
  DUITKU_CLEARING_TRANSFER_TABLE,
  DUITKU_ONLINE_INQUIRY_TABLE,
  DUITKU_ONLINE_TRANSFER_TABLE,
  DUITKU_SANDBOX_CREDENTIALS as DK,
  duitkuSignature,
  FakeDuitku,
  startFakeDuitku,
} from './fake-duitku';
import { FakeXendit, startFakeXendit, XENDIT_CALLBACK_PATHS as PATHS } from './fake-xendit';
import { sleep, waitUntil } from '../support/wait';

/** The fakes themselves, over real HTTP: they must hold to the upstream docs before app tests lean on them. */

type Answer = Record<string, unknown>;

const XENDIT_KEY = 'xnd_development_fake_key_for_fakes_spec';
const CALLBACK_TOKEN = 'fakes-spec-callback-token-0123456789';

let receiver: CallbackReceiver;
let xendit: FakeXendit;
let duitku: FakeDuitku;

beforeAll(async () => {
  receiver = await CallbackReceiver.start();
  xendit = await startFakeXendit({
    secretKey: XENDIT_KEY,
    callbackToken: CALLBACK_TOKEN,
    callbackBaseUrl: receiver.url(''),
    balance: 1_000_000,
    disbursementDelayMs: 50,
    callbackRetryDelayMs: 20,
  });
  duitku = await startFakeDuitku({
    userId: DK.userId,
    email: DK.email,
    secretKey: DK.secretKey,
    balance: 50_000_000_000,
    callbackUrl: receiver.url('/duitku/callback'),
    inDoubtResolveMs: 200,
    h2hCallbackDelayMs: 50,
  });
});

afterAll(async () => {
  await xendit?.close();
  await duitku?.close();
  await receiver?.close();
});

const json = (callback: ReceivedCallback) => JSON.parse(callback.body) as Answer;
/** Polls until `condition` holds (state the fakes record after an answer arrives). */
const until = (condition: () => boolean) => waitUntil(condition, { timeoutMs: 5_000, intervalMs: 10 });

describe('fake Xendit', () => {
  const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

  async function call(method: string, path: string, body?: Answer | URLSearchParams, headers: Record<string, string> = {}) {
    const form = body instanceof URLSearchParams;
    const response = await fetch(`${xendit.url}${path}`, {
      method,
      headers: {
        authorization: basic(XENDIT_KEY),
        ...(body === undefined ? {} : { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : form ? body.toString() : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer & Answer[] };
  }

  it('rejects a missing or wrong API key with 401 INVALID_API_KEY', async () => {
    const missing = await fetch(`${xendit.url}/balance`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error_code: 'INVALID_API_KEY' });
    expect(await call('GET', '/balance', undefined, { authorization: basic('xnd_development_wrong') })).toMatchObject({ status: 401 });
    expect(await call('GET', '/balance')).toEqual({ status: 200, body: { balance: 1_000_000 } });
    expect(await call('GET', '/no-such-thing')).toMatchObject({ status: 404, body: { error_code: 'NOT_FOUND' } });
  });

  it('opens (form-encoded), reads and updates a fixed virtual account, with created/updated callbacks', async () => {
    const form = new URLSearchParams({ external_id: 'va-1', bank_code: 'BNI', name: 'Rika Sutanto', is_closed: 'true', expected_amount: '50000', is_single_use: 'true' });
    const created = await call('POST', '/callback_virtual_accounts', form);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ external_id: 'va-1', bank_code: 'BNI', merchant_code: '8808', is_closed: true, expected_amount: 50000, is_single_use: true, status: 'ACTIVE' });
    expect(created.body.account_number).toMatch(/^8808\d{12}$/);
    expect(created.body.id).toMatch(/^[0-9a-f]{24}$/);
    const id = String(created.body.id);

    expect(await call('GET', `/callback_virtual_accounts/${id}`)).toEqual({ status: 200, body: created.body });
    const patched = await call('PATCH', `/callback_virtual_accounts/${id}`, { expected_amount: 75000 });
    expect(patched).toMatchObject({ status: 200, body: { id, expected_amount: 75000, status: 'ACTIVE' } });

    await receiver.waitFor(() => receiver.on(PATHS.virtualAccount).filter((c) => json(c).id === id).length === 2);
    const [createdCallback, updatedCallback] = receiver.on(PATHS.virtualAccount).filter((c) => json(c).id === id);
    expect(createdCallback.headers['x-callback-token']).toBe(CALLBACK_TOKEN);
    expect(json(createdCallback)).toMatchObject({ external_id: 'va-1', account_number: created.body.account_number, expected_amount: 50000, status: 'ACTIVE' });
    expect(json(updatedCallback)).toMatchObject({ expected_amount: 75000, expiration_date: created.body.expiration_date });

    const base = { external_id: 'va-x', bank_code: 'BRI', name: 'Budi' };
    const errorOf = async (body: Answer) => (await call('POST', '/callback_virtual_accounts', body)).body.error_code;
    expect(await errorOf({ ...base, name: 'R2 D2' })).toBe('API_VALIDATION_ERROR');
    expect(await errorOf({ ...base, bank_code: 'NOPE' })).toBe('BANK_NOT_SUPPORTED_ERROR');
    expect(await errorOf({ ...base, is_closed: true })).toBe('EXPECTED_AMOUNT_REQUIRED_ERROR');
    expect(await errorOf({ ...base, expected_amount: 0 })).toBe('MINIMUM_EXPECTED_AMOUNT_ERROR');
    expect(await errorOf({ ...base, expected_amount: 50_000_000_001 })).toBe('MAXIMUM_EXPECTED_AMOUNT_ERROR');
    expect(await errorOf({ ...base, expiration_date: '2020-01-01T00:00:00Z' })).toBe('EXPIRATION_DATE_INVALID_ERROR');
    const wanted = await call('POST', '/callback_virtual_accounts', { ...base, virtual_account_number: '9999000001' });
    expect(wanted.body.account_number).toBe('262159999000001');
    expect(await errorOf({ ...base, virtual_account_number: '9999000001' })).toBe('DUPLICATE_CALLBACK_VIRTUAL_ACCOUNT_ERROR');
    expect(await call('GET', '/callback_virtual_accounts/0123456789abcdef01234567')).toMatchObject({
      status: 404,
      body: { error_code: 'CALLBACK_VIRTUAL_ACCOUNT_NOT_FOUND_ERROR' },
    });
  });

  it('pays a closed single-use FVA: paid callback with the token, the FVA turns INACTIVE, the payment is readable', async () => {
    const va = (await call('POST', '/callback_virtual_accounts', { external_id: 'va-pay', bank_code: 'SAHABAT_SAMPOERNA', name: 'Sari', is_closed: true, expected_amount: 25000, is_single_use: true })).body;
    const accountNumber = String(va.account_number);
    await expect(xendit.payVirtualAccount(accountNumber, 24000)).rejects.toThrow(/only accepts 25000/);

    const paid = await xendit.payVirtualAccount(accountNumber);
    const callback = receiver.on(PATHS.virtualAccountPaid).find((c) => json(c).callback_virtual_account_id === va.id)!;
    expect(callback.headers['x-callback-token']).toBe(CALLBACK_TOKEN);
    expect(json(callback)).toEqual(paid);
    // As documented for the paid callback: the number without its merchant-code prefix.
    expect(paid).toMatchObject({ external_id: 'va-pay', bank_code: 'SAHABAT_SAMPOERNA', merchant_code: '8248', account_number: accountNumber.slice(4), amount: 25000 });
    expect(Object.keys(paid).sort()).toEqual(
      ['id', 'payment_id', 'callback_virtual_account_id', 'owner_id', 'external_id', 'account_number', 'bank_code', 'amount', 'transaction_timestamp', 'merchant_code', 'updated', 'created'].sort(),
    );
    expect(xendit.balance()).toBe(1_025_000);

    expect((await call('GET', `/callback_virtual_accounts/${String(va.id)}`)).body.status).toBe('INACTIVE');
    expect((await call('PATCH', `/callback_virtual_accounts/${String(va.id)}`, { expected_amount: 30000 })).body.error_code).toBe('INACTIVE_VIRTUAL_ACCOUNT_ERROR');
    await expect(xendit.payVirtualAccount(accountNumber)).rejects.toThrow(/inactive/);

    const payment = await call('GET', `/callback_virtual_account_payments/payment_id=${String(paid.payment_id)}`);
    expect(payment).toMatchObject({ status: 200, body: { id: paid.id, callback_virtual_account_id: va.id, amount: 25000 } });
    expect((await call('GET', '/callback_virtual_account_payments/payment_id=42')).body.error_code).toBe('CALLBACK_VIRTUAL_ACCOUNT_PAYMENT_NOT_FOUND_ERROR');

    // A duplicate delivery carries the very same body.
    expect(await xendit.resendCallback(paid, PATHS.virtualAccountPaid)).toBe(200);
    expect(receiver.on(PATHS.virtualAccountPaid).filter((c) => json(c).id === paid.id).map((c) => c.body)).toEqual([callback.body, callback.body]);
  });

  it('creates and pays a fixed payment code', async () => {
    const created = await call('POST', '/fixed_payment_code', { external_id: 'fpc-1', retail_outlet_name: 'ALFAMART', name: 'Joe Contini', expected_amount: 20000, is_single_use: true });
    expect(created).toMatchObject({ status: 200, body: { prefix: 'TEST', type: 'USER', expected_amount: 20000, retail_outlet_name: 'ALFAMART' } });
    expect(created.body.payment_code).toMatch(/^TEST\d{6}$/);
    const base = { external_id: 'fpc-x', retail_outlet_name: 'INDOMARET', name: 'Joe', expected_amount: 20000 };
    expect((await call('POST', '/fixed_payment_code', { ...base, retail_outlet_name: 'LAWSON' })).body.error_code).toBe('RETAIL_OUTLET_NOT_SUPPORTED_ERROR');
    expect((await call('POST', '/fixed_payment_code', { ...base, expected_amount: 9999 })).body.error_code).toBe('MINIMUM_EXPECTED_AMOUNT_ERROR');
    expect((await call('POST', '/fixed_payment_code', { ...base, payment_code: created.body.payment_code })).body.error_code).toBe('DUPLICATE_PAYMENT_CODE_ERROR');

    const paid = await xendit.payRetailCode(String(created.body.payment_code));
    const callback = receiver.on(PATHS.retailPaymentPaid).find((c) => json(c).fixed_payment_code_id === created.body.id)!;
    expect(callback.headers['x-callback-token']).toBe(CALLBACK_TOKEN);
    expect(json(callback)).toEqual(paid);
    expect(paid).toMatchObject({ external_id: 'fpc-1', payment_code: created.body.payment_code, prefix: 'TEST', retail_outlet_name: 'ALFAMART', amount: 20000, name: 'Joe Contini' });
    expect((await call('PATCH', `/fixed_payment_code/${String(created.body.id)}`, { expected_amount: 30000 })).body.error_code).toBe('INACTIVE_FIXED_PAYMENT_CODE_ERROR');
  });

  it('disburses: PENDING, balance debited, COMPLETED by callback; a reused idempotency key creates nothing', async () => {
    const before = xendit.balance();
    const order = { external_id: 'wd-1', bank_code: 'BCA', account_holder_name: 'Rizky', account_number: '1231241231', description: 'Payout', amount: 100000 };
    const created = await call('POST', '/disbursements', order, { 'x-idempotency-key': 'key-1' });
    expect(created).toMatchObject({ status: 200, body: { external_id: 'wd-1', amount: 100000, bank_code: 'BCA', disbursement_description: 'Payout', status: 'PENDING' } });
    expect(xendit.balance()).toBe(before - 100000);

    const count = xendit.disbursements.size;
    expect(await call('POST', '/disbursements', { ...order, external_id: 'wd-2' }, { 'x-idempotency-key': 'key-1' })).toMatchObject({
      status: 400,
      body: { error_code: 'DUPLICATE_TRANSACTION_ERROR' },
    });
    expect(xendit.disbursements.size).toBe(count);

    await receiver.waitFor(() => receiver.on(PATHS.disbursement).some((c) => json(c).id === created.body.id));
    const callback = receiver.on(PATHS.disbursement).find((c) => json(c).id === created.body.id)!;
    expect(callback.headers['x-callback-token']).toBe(CALLBACK_TOKEN);
    expect(json(callback)).toMatchObject({ external_id: 'wd-1', status: 'COMPLETED', amount: 100000, is_instant: true });
    expect((await call('GET', `/disbursements/${String(created.body.id)}`)).body.status).toBe('COMPLETED');
    const byExternalId = await call('GET', '/disbursements?external_id=wd-1');
    expect(byExternalId.status).toBe(200);
    expect(byExternalId.body).toEqual([expect.objectContaining({ id: created.body.id, status: 'COMPLETED' })]);
    expect((await call('GET', '/disbursements?external_id=nope')).body.error_code).toBe('DIRECT_DISBURSEMENT_NOT_FOUND_ERROR');

    const errorOf = async (changes: Answer) => (await call('POST', '/disbursements', { ...order, ...changes })).body.error_code;
    expect(await errorOf({ account_number: '123456789' })).toBe('RECIPIENT_ACCOUNT_NUMBER_ERROR');
    expect(await errorOf({ amount: 9999 })).toBe('RECIPIENT_AMOUNT_ERROR');
    expect(await errorOf({ amount: 10.5 })).toBe('API_VALIDATION_ERROR');
    expect(await errorOf({ amount: 50_000_000 })).toBe('DIRECT_DISBURSEMENT_BALANCE_INSUFFICIENT_ERROR');
  });

  it('fails a disbursement on request (refunding it), retries a refused callback, and creates despite a 500', async () => {
    const before = xendit.balance();
    xendit.failDisbursementsTo('0099887766', 'INVALID_DESTINATION');
    const refused = new Set<string>();
    receiver.respond((callback) => {
      const id = String(json(callback).id);
      if (callback.path === PATHS.disbursement && !refused.has(id)) {
        refused.add(id);
        return { status: 500 };
      }
      return { status: 200 };
    });
    const order = { external_id: 'wd-fail', bank_code: 'BNI', account_holder_name: 'Ani', account_number: '0099887766', description: 'Payout', amount: 20000 };
    const created = (await call('POST', '/disbursements', order)).body;
    const attempts = () => xendit.callbacksSent.filter((c) => c.body.id === created.id);
    await until(() => attempts().length === 2);
    expect(attempts().map((c) => c.status)).toEqual([500, 200]);
    expect(receiver.on(PATHS.disbursement).filter((c) => json(c).id === created.id).map((c) => json(c).status)).toEqual(['FAILED', 'FAILED']);
    expect(json(receiver.on(PATHS.disbursement).find((c) => json(c).id === created.id)!).failure_code).toBe('INVALID_DESTINATION');
    expect(xendit.balance()).toBe(before);

    xendit.setServerErrorOnCreate(true);
    const ambiguous = await call('POST', '/disbursements', { ...order, external_id: 'wd-500', account_number: '1122334455' });
    xendit.setServerErrorOnCreate(false);
    expect(ambiguous).toMatchObject({ status: 500, body: { error_code: 'SERVER_ERROR' } });
    expect((await call('GET', '/disbursements?external_id=wd-500')).body).toHaveLength(1);
  });
});

describe('fake Duitku', () => {
  async function post(operation: string, body: Answer): Promise<Answer> {
    const response = await fetch(`${duitku.url}/webapi/api/disbursement/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: DK.userId, email: DK.email, ...body }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Answer;
  }

  /** Online inquiry, or clearing inquiry when `type` is given, signed as documented. */
  function inquiry(bankAccount: string, amount: number, type?: string, bankCode = '014'): Promise<Answer> {
    const timestamp = Date.now();
    const purpose = 'fakes spec';
    const signature = type
      ? duitkuSignature(DK.email, timestamp, bankCode, type, bankAccount, amount, purpose, DK.secretKey)
      : duitkuSignature(DK.email, timestamp, bankCode, bankAccount, amount, purpose, DK.secretKey);
    return post(type ? 'inquiryclearingsandbox' : 'inquirysandbox', { bankCode, bankAccount, amountTransfer: amount, purpose, timestamp, signature, ...(type ? { type } : {}) });
  }

  /** The transfer of what an inquiry answered. */
  function transfer(inquired: Answer, type?: string): Promise<Answer> {
    const timestamp = Date.now();
    const { bankCode, bankAccount, amountTransfer, accountName, custRefNumber } = inquired as Record<string, string | number>;
    const disburseId = String(inquired.disburseId);
    const purpose = 'fakes spec';
    const signature = type
      ? duitkuSignature(DK.email, timestamp, bankCode, type, bankAccount, accountName, custRefNumber, amountTransfer, purpose, disburseId, DK.secretKey)
      : duitkuSignature(DK.email, timestamp, bankCode, bankAccount, accountName, custRefNumber, amountTransfer, purpose, disburseId, DK.secretKey);
    return post(type ? 'transferclearingsandbox' : 'transfersandbox', {
      disburseId, bankCode, bankAccount, amountTransfer, accountName, custRefNumber, purpose, timestamp, signature, ...(type ? { type } : {}),
    });
  }

  function status(disburseId: unknown): Promise<Answer> {
    const timestamp = Date.now();
    return post('inquirystatus', { disburseId: String(disburseId), timestamp, signature: duitkuSignature(DK.email, timestamp, String(disburseId), DK.secretKey) });
  }

  it('checks user, parameters, signature and timestamp', async () => {
    const timestamp = Date.now();
    const fields = { bankCode: '014', bankAccount: '8760673566', amountTransfer: 50000, timestamp };
    // No purpose: it signs as an empty string.
    const signature = duitkuSignature(DK.email, timestamp, '014', '8760673566', 50000, DK.secretKey);
    expect(await post('inquiry', { ...fields, signature })).toMatchObject({ responseCode: '00', accountName: 'Test Account' });
    expect(await post('inquiry', { ...fields, signature: signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) })).toMatchObject({ responseCode: '-191', responseDesc: 'Wrong signature.' });
    expect(await post('inquiry', { ...fields, bankAccount: undefined, signature })).toMatchObject({ responseCode: '-952' });
    expect(await post('inquiry', { ...fields, userId: 9999, signature })).toMatchObject({ responseCode: '-120' });
    const stale = timestamp - 6 * 60 * 1000;
    const staleSignature = duitkuSignature(DK.email, stale, '014', '8760673566', 50000, DK.secretKey);
    expect(await post('inquiry', { ...fields, timestamp: stale, signature: staleSignature })).toMatchObject({ responseCode: '-960' });
  });

  it('answers every online test account with its documented code; only 00/TO/68/-100 move money', async () => {
    for (const row of DUITKU_ONLINE_INQUIRY_TABLE) {
      const answer = await inquiry(row.bankAccount, 50000);
      expect({ account: row.bankAccount, code: answer.responseCode, hasId: answer.disburseId !== undefined }).toEqual({
        account: row.bankAccount,
        code: row.responseCode,
        hasId: row.responseCode === '00',
      });
    }
    for (const row of DUITKU_ONLINE_TRANSFER_TABLE) {
      const inquired = await inquiry(row.bankAccount, 50000);
      expect(inquired).toMatchObject({ responseCode: '00', amountTransfer: 50000 });
      expect(typeof inquired.disburseId).toBe('number');
      expect(inquired.custRefNumber).toMatch(/^\d{12}$/);
      const before = duitku.balance();
      const answer = await transfer(inquired);
      expect({ account: row.bankAccount, code: answer.responseCode }).toEqual({ account: row.bankAccount, code: row.responseCode });
      const moved = ['00', 'TO', '68', '-100'].includes(row.responseCode);
      expect(duitku.transfers.get(String(inquired.disburseId))).toMatchObject({ transferCalls: 1, executed: moved });
      expect(duitku.balance()).toBe(moved ? before - 50000 : before);
    }
  });

  it('settles an in-doubt transfer to 00, refuses a second transfer (-142) and one above the balance (-510)', async () => {
    const inquired = await inquiry('8760673561', 60000); // TO on transfer
    expect((await transfer(inquired)).responseCode).toBe('TO');
    expect(await status(inquired.disburseId)).toMatchObject({ responseCode: '68', bankAccount: '8760673561', amountTransfer: 60000 });
    expect((await transfer(inquired)).responseCode).toBe('-142');
    expect(duitku.transfers.get(String(inquired.disburseId))).toMatchObject({ transferCalls: 2, executed: true });
    await sleep(250);
    expect(await status(inquired.disburseId)).toMatchObject({ responseCode: '00', accountName: 'Test Account' });

    expect((await status('123')).responseCode).toBe('-420');
    const notTransferred = await inquiry('8760673566', 70000);
    expect((await status(notTransferred.disburseId)).responseCode).toBe('-420');
    const failed = await inquiry('8760673559', 70000);
    await transfer(failed);
    expect((await status(failed.disburseId)).responseCode).toBe('LD');

    const tooMuch = await inquiry('8760673566', duitku.balance() + 1);
    expect((await transfer(tooMuch)).responseCode).toBe('-510');
    expect(duitku.transfers.get(String(tooMuch.disburseId))?.executed).toBe(false);
  });

  it('carries out a transfer whose answer is lost', async () => {
    const inquired = await inquiry('8760673566', 80000);
    duitku.dropNextTransferResponse();
    await expect(transfer(inquired)).rejects.toThrow();
    expect(duitku.transfers.get(String(inquired.disburseId))?.executed).toBe(true);
    expect((await status(inquired.disburseId)).responseCode).toBe('00');
  });

  it('answers every clearing test account with its documented code, and checks the type rules', async () => {
    for (const row of DUITKU_CLEARING_INQUIRY_TABLE) {
      const answer = await inquiry(row.bankAccount, 200_000_000, 'LLG');
      expect({ account: row.bankAccount, code: answer.responseCode, type: answer.type }).toEqual({ account: row.bankAccount, code: row.responseCode, type: 'LLG' });
    }
    for (const row of DUITKU_CLEARING_TRANSFER_TABLE) {
      const type = row.type ?? 'LLG';
      const inquired = await inquiry(row.bankAccount, 150_000_000, type);
      expect(inquired.responseCode).toBe('00');
      const answer = await transfer(inquired, type);
      expect({ account: row.bankAccount, type, code: answer.responseCode }).toEqual({ account: row.bankAccount, type, code: row.responseCode });
    }
    expect((await inquiry('8760673466', 50_000_000, 'RTGS')).responseCode).toBe('-141');
    expect((await inquiry('8760673466', 1_000_000_001, 'LLG')).responseCode).toBe('-141');
    expect((await inquiry('8760673466', 50_000_000, 'SWIFT')).responseCode).toBe('-952');
  });

  it('confirms an H2H transfer (80) by a correctly signed callback, then answers 00', async () => {
    const inquired = await inquiry('8760673466', 5_000_000, 'H2H', '009');
    const answer = await transfer(inquired, 'H2H');
    expect(answer).toMatchObject({ responseCode: '80', type: 'H2H' });
    expect((await status(inquired.disburseId)).responseCode).toBe('80');

    const disburseId = String(inquired.disburseId);
    await receiver.waitFor(() => receiver.on('/duitku/callback').some((c) => json(c).disburseId === disburseId));
    const callback = json(receiver.on('/duitku/callback').find((c) => json(c).disburseId === disburseId)!);
    expect(callback).toMatchObject({ userId: DK.userId, email: DK.email, bankCode: '009', bankAccount: '8760673466', amountTransfer: 5_000_000, statusCode: '00', statusDesc: 'Success', errorMessage: '' });
    const { email, bankCode, bankAccount, accountName, custRefNumber, amountTransfer } = callback as Record<string, string>;
    expect(callback.signature).toBe(duitkuSignature(email, bankCode, bankAccount, accountName, custRefNumber, amountTransfer, disburseId, DK.secretKey));
    expect((await status(inquired.disburseId)).responseCode).toBe('00');
  });

  it('reports the balance and the bank list', async () => {
    const timestamp = Date.now();
    const signature = duitkuSignature(DK.email, timestamp, DK.secretKey);
    expect(await post('checkbalance', { timestamp, signature })).toEqual({
      email: DK.email,
      userId: DK.userId,
      balance: duitku.balance(),
      effectiveBalance: duitku.balance(),
      responseCode: '00',
      responseDesc: 'Success',
    });
    const banks = await post('listBank', { timestamp, signature });
    expect(banks).toMatchObject({ responseCode: '00' });
    expect(banks.Banks).toContainEqual({ bankCode: '014', bankName: 'BANK CENTRAL ASIA', maxAmountTransfer: '50000000' });
  });
});

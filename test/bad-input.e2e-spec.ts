import type { Test } from 'supertest';
import { servedApi } from './support/openapi';
import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';

type Operation = { method: string; template: string };

/** A raw request body with the headers that make it hostile. */
interface HostileBody {
  name: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** Field names the API stores or searches: a NUL or lone surrogate in any must be refused. */
const STRING_FIELDS = ['name', 'account_name', 'external_id', 'bank_code', 'account_number', 'description', 'reference', 'transfer_reference', 'email', 'reason', 'event_type', 'failure_code', 'retail_outlet_name'];

const withEveryField = (value: string) => JSON.stringify({ ...Object.fromEntries(STRING_FIELDS.map((field) => [field, value])), amount: 10000 });

const BOUNDARY = 'palladium-fuzz';

/** supertest would JSON-encode a Buffer sent as application/json; send the bytes as they are. */
const asIs = (bytes: unknown) => bytes as string;

const HOSTILE_BODIES: HostileBody[] = [
  { name: 'JSON with NUL bytes', headers: { 'Content-Type': 'application/json' }, body: withEveryField('x\u0000y') },
  { name: 'JSON with lone surrogates', headers: { 'Content-Type': 'application/json' }, body: withEveryField('x\ud800y') },
  { name: 'urlencoded with NUL bytes', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: STRING_FIELDS.map((f) => `${f}=x%00y`).join('&') },
  { name: 'JSON nested 3,000 levels', headers: { 'Content-Type': 'application/json' }, body: `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}` },
  {
    name: 'multipart without a boundary',
    headers: { 'Content-Type': 'multipart/form-data' },
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="amount"\r\n\r\n10000\r\n--${BOUNDARY}--\r\n`,
  },
  {
    name: 'multipart part without a field name',
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\n10000\r\n--${BOUNDARY}--\r\n`,
  },
  {
    name: 'multipart with a NUL byte',
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="external_id"\r\n\r\na\u0000b\r\n--${BOUNDARY}--\r\n`,
  },
  { name: 'gzip that is not', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: '{"amount":10000}' },
  { name: 'br that is not', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'br' }, body: Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0x42]) },
];

/**
 * Every operation in the OpenAPI document, called with nonsense: never a 5xx, always a JSON
 * error with an error_code (or a success where nonsense is harmless, e.g. GET lists).
 */
describe('bad input never breaks the API', () => {
  let t: TestApp;
  let operations: Operation[];
  let operationIds: string[];
  let merchantKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    // Both documents: the merchant API (/docs-json) and the operator API (/docs/operator-json).
    const document = await servedApi(t);
    operations = Object.entries(document.paths).flatMap(([template, methods]) => Object.keys(methods).map((method) => ({ method, template })));
    operationIds = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId));
    merchantKey = (await t.createMerchant()).api_keys.development;
  });
  afterAll(() => t.close());

  const call = (method: string, path: string): Test => {
    const auth = path.startsWith('/admin') ? adminAuth : bearer(merchantKey);
    return (t.http as unknown as Record<string, (p: string) => Test>)[method](path).set(auth);
  };

  /** Not a 5xx; JSON; an error_code on every 4xx; and, when `mustRefuse`, a 4xx. */
  const problemWith = (response: { status: number; headers: Record<string, string>; body: { error_code?: unknown } }, mustRefuse: boolean) => {
    const isJson = /json|csv|html/.test(String(response.headers['content-type']));
    const refused = response.status >= 400 && response.status < 500;
    return response.status >= 500 || !isJson || (response.status >= 400 && typeof response.body.error_code !== 'string') || (mustRefuse && !refused);
  };

  const garbageBodies: unknown[] = [
    {},
    { amount: 'abc', bank_code: 123, is_single_use: 'perhaps', external_id: ['x'], name: { a: 1 }, date: 'soon', reference: null },
    { amount: -1, disbursements: 'all', event_type: 'nope', failure_code: 'NOPE', transfer_reference: '' },
    { amount: 1e30, account_number: '12ab', expiration_date: '31/12/2030', 'virtual_account.paid': 'ftp://x' },
  ];

  it('names every operation as a generated client would expose it (createVirtualAccount, not Controller_create)', () => {
    expect(operationIds.filter((id) => !/^[a-z][a-zA-Z]+$/.test(id))).toEqual([]);
    expect(new Set(operationIds).size).toBe(operationIds.length);
    expect(operationIds).toEqual(expect.arrayContaining(['createVirtualAccount', 'createDisbursement', 'getMe', 'createTopUp']));
  });

  it('answers every documented operation with a JSON 2xx/4xx', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const { method, template } of operations) {
      for (const pathValue of ['nope', '00000000-0000-0000-0000-000000000000', 'a'.repeat(32)]) {
        const path = template.replace(/\{[^}]+\}/g, pathValue);
        for (const body of method === 'get' ? [undefined] : garbageBodies) {
          const request = call(method, `${path}${method === 'get' ? '?limit=-3&cursor=%%%&from=x&status=nope' : ''}`);
          const response = body === undefined ? await request : await request.send(body as object);
          calls += 1;
          if (problemWith(response, false)) {
            failures.push(`${method.toUpperCase()} ${path} ${JSON.stringify(body)} -> ${response.status} ${response.text.slice(0, 200)}`);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  });

  it('says what is wrong with each field once: a missing one is required, a fraction must be a whole number', async () => {
    const missing = await call('post', '/api/v2/create-virtual-account').send({ bank_code: 'BNI', name: 'Budi', is_single_use: true }).expect(400);
    expect(missing.body).toMatchObject({
      error_code: 'API_VALIDATION_ERROR',
      message: 'external_id is required; amount is required',
      errors: [
        { field: 'external_id', message: 'external_id is required' },
        { field: 'amount', message: 'amount is required' },
      ],
    });
    // Not "is required, must be a string, must be shorter than…" for each of an empty body's fields: one line each.
    const empty = await call('post', '/api/v2/create-disbursement').send({}).expect(400);
    const fields = empty.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['bank_code', 'account_name', 'account_number', 'description', 'external_id', 'amount']));
    expect(new Set(fields).size).toBe(fields.length);
    for (const error of empty.body.errors) expect(error.message).toBe(`${error.field} is required`);
    expect((await call('post', '/api/v2/top-ups').send({ amount: 50_000, transfer_reference: '  ' }).expect(400)).body.errors).toEqual([
      { field: 'transfer_reference', message: 'transfer_reference is required' },
    ]);

    for (const amount of [10.5, '10.5', '10,000']) {
      const fraction = await call('post', '/api/v2/withdrawals').send({ amount }).expect(400);
      expect(fraction.body).toMatchObject({
        message: 'amount must be a whole number of rupiah',
        errors: [{ field: 'amount', message: 'amount must be a whole number of rupiah' }],
      });
    }
    // The spec's curl --form sends every value as text.
    const form = await call('post', '/api/v2/create-disbursement')
      .field('bank_code', 'BCA')
      .field('account_name', 'Rina')
      .field('account_number', '12345678')
      .field('description', 'refund')
      .field('external_id', 'PAYOUT-1')
      .field('amount', '10.5')
      .expect(400);
    expect(form.body.errors).toEqual([{ field: 'amount', message: 'amount must be a whole number of rupiah' }]);
    // A whole number out of range names the one rule it breaks.
    expect((await call('post', '/api/v2/withdrawals').send({ amount: '-5' }).expect(400)).body.errors).toEqual([{ field: 'amount', message: 'amount must be at least 1' }]);
  });

  it('refuses NUL bytes in path and query, and every hostile body, with a JSON 4xx on every operation', async () => {
    const failures: string[] = [];
    let calls = 0;
    const check = (label: string, response: Parameters<typeof problemWith>[0] & { text: string }) => {
      calls += 1;
      if (problemWith(response, true)) failures.push(`${label} -> ${response.status} ${response.text.slice(0, 200)}`);
    };
    for (const { method, template } of operations) {
      const path = template.replace(/\{[^}]+\}/g, '00000000-0000-0000-0000-000000000000');
      if (path !== template) {
        const nulPath = template.replace(/\{[^}]+\}/g, 'a%00b');
        check(`${method.toUpperCase()} ${nulPath}`, await call(method, nulPath));
      }
      check(`${method.toUpperCase()} ${path}?external_id=a%00b`, await call(method, `${path}?external_id=a%00b&q=x%00`));
      if (method === 'get') continue;
      for (const hostile of HOSTILE_BODIES) {
        check(`${method.toUpperCase()} ${path} (${hostile.name})`, await call(method, path).set(hostile.headers).serialize(asIs).send(hostile.body));
      }
    }
    expect(calls).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  });
});

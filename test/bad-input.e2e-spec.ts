import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';

/**
 * Every operation in the OpenAPI document, called with nonsense: never a 5xx, always a JSON
 * error with an error_code (or a success where nonsense is harmless, e.g. GET lists).
 */
describe('bad input never breaks the API', () => {
  let t: TestApp;

  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const garbageBodies: unknown[] = [
    {},
    { amount: 'abc', bank_code: 123, is_single_use: 'perhaps', external_id: ['x'], name: { a: 1 }, date: 'soon', reference: null },
    { amount: -1, disbursements: 'all', event_type: 'nope', failure_code: 'NOPE', transfer_reference: '' },
    { amount: 1e30, account_number: '12ab', expiration_date: '31/12/2030', 'virtual_account.paid': 'ftp://x' },
  ];

  it('answers every documented operation with a JSON 2xx/4xx', async () => {
    const document = (await t.http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const merchant = await t.createMerchant();
    const failures: string[] = [];
    let calls = 0;
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations)) {
        for (const pathValue of ['nope', '00000000-0000-0000-0000-000000000000', 'a'.repeat(32)]) {
          const path = template.replace(/\{[^}]+\}/g, pathValue);
          const auth = path.startsWith('/admin') ? adminAuth : bearer(merchant.api_keys.development);
          for (const body of method === 'get' ? [undefined] : garbageBodies) {
            const request = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method](
              `${path}${method === 'get' ? '?limit=-3&cursor=%%%&from=x&status=nope' : ''}`,
            ).set(auth);
            const response = body === undefined ? await request : await request.send(body as object);
            calls += 1;
            const isJson = /json|csv|html/.test(String(response.headers['content-type']));
            if (response.status >= 500 || !isJson || (response.status >= 400 && typeof response.body.error_code !== 'string')) {
              failures.push(`${method.toUpperCase()} ${path} ${JSON.stringify(body)} -> ${response.status} ${response.text.slice(0, 200)}`);
            }
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  });
});

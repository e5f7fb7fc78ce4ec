import { bearer, startTestApp, TestApp } from './support/test-app';

/** GET /virtual-accounts, /retail-payments and /disbursements: filters and after_id paging (issue 14). */
describe('lists of virtual accounts, payment codes and disbursements', () => {
  let t: TestApp;
  let key: string;
  let otherKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.createMerchant()).api_keys.development;
    otherKey = (await t.createMerchant()).api_keys.development;
  });
  afterAll(() => t.close());

  const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
  const list = async (path: string, apiKey = key) => (await t.http.get(path).set(bearer(apiKey)).expect(200)).body as { id: string; status: string }[];
  const createVa = async (externalId: string, expiration?: string) =>
    (
      await t.http
        .post('/api/v2/create-virtual-account')
        .set(bearer(key))
        .send({ bank_code: 'BNI', name: 'Toko', is_single_use: false, amount: 10_000, external_id: externalId, ...(expiration ? { expiration_date: expiration } : {}) })
        .expect(200)
    ).body as { id: string };

  it('lists virtual accounts newest first, pages after_id without gaps or repeats, and filters', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await createVa(i % 2 ? 'odd' : 'even')).id);
    const newestFirst = [...created].reverse();
    const all = (await list('/api/v2/virtual-accounts')) as unknown as { id: string; created: string }[];
    expect(ids(all)).toEqual(newestFirst);
    expect(all.map((row) => Date.parse(row.created))).toEqual([...all.map((row) => Date.parse(row.created))].sort((a, b) => b - a));

    const seen: string[] = [];
    let page = await list('/api/v2/virtual-accounts?limit=2');
    while (page.length > 0) {
      seen.push(...ids(page));
      page = await list(`/api/v2/virtual-accounts?limit=2&after_id=${page[page.length - 1].id}`);
    }
    expect(seen).toEqual(newestFirst);

    expect(ids(await list('/api/v2/virtual-accounts?external_id=odd'))).toEqual([created[3], created[1]]);
    await t.http.post(`/api/v2/simulate/virtual-accounts/${created[2]}/pay`).set(bearer(key)).expect(200);
    expect(ids(await list('/api/v2/virtual-accounts?status=pending'))).toEqual([created[2]]);
    expect(ids(await list('/api/v2/virtual-accounts?status=unpaid&external_id=even'))).toEqual([created[4], created[0]]);
    expect(await list(`/api/v2/virtual-accounts?created_after=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    expect(ids(await list(`/api/v2/virtual-accounts?created_before=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&limit=1`))).toEqual([created[4]]);
  });

  it('shows a code that passed its expiration date unpaid under expired, not unpaid', async () => {
    const soon = new Date(Date.now() + 7 * 3600_000 + 1_500).toISOString().slice(0, 19).replace('T', ' ');
    const code = (
      await t.http.post('/api/v2/create-retail-payment').set(bearer(key)).send({ retail_outlet_name: 'ALFAMART', name: 'x', amount: 10_000, external_id: 'expiring', expiration_date: soon }).expect(200)
    ).body;
    expect(ids(await list('/api/v2/retail-payments?status=unpaid'))).toContain(code.id);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(ids(await list('/api/v2/retail-payments?status=expired'))).toEqual([code.id]);
    expect(ids(await list('/api/v2/retail-payments?status=unpaid'))).not.toContain(code.id);
    expect((await list('/api/v2/retail-payments?external_id=expiring'))[0].status).toBe('expired');
  });

  it('lists disbursements newest first and by status', async () => {
    await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: 100_000, transfer_reference: 'lists' }).expect(201);
    const send = async (externalId: string) =>
      (
        await t.http
          .post('/api/v2/create-disbursement')
          .set(bearer(key))
          .send({ bank_code: 'BCA', account_name: 'A', account_number: '12345678', description: 'x', external_id: externalId, amount: 10_000 })
          .expect(200)
      ).body as { id: string };
    const first = await send('d1');
    const second = await send('d2');
    await t.http.post(`/api/v2/simulate/disbursements/${first.id}/complete`).set(bearer(key)).expect(200);
    expect(ids(await list('/api/v2/disbursements'))).toEqual([second.id, first.id]);
    const [done] = (await list('/api/v2/disbursements?status=done')) as unknown as { id: string; created: string; completed: string | null }[];
    expect(done.id).toBe(first.id);
    expect(Date.parse(done.completed!)).toBeGreaterThanOrEqual(Date.parse(done.created));
    const [pending] = (await list('/api/v2/disbursements?external_id=d2')) as unknown as { completed: string | null }[];
    expect(pending.completed).toBeNull();
    expect(ids(await list('/api/v2/disbursements?status=pending&external_id=d2'))).toEqual([second.id]);
    expect(await list('/api/v2/disbursements?status=failed')).toEqual([]);
  });

  it('keeps each merchant and environment to its own rows, even given another merchant\'s after_id', async () => {
    const mine = await list('/api/v2/virtual-accounts');
    expect(mine.length).toBeGreaterThan(0);
    expect(await list('/api/v2/virtual-accounts', otherKey)).toEqual([]);
    expect(await list(`/api/v2/virtual-accounts?after_id=${mine[0].id}`, otherKey)).toEqual([]);
    expect(await list('/api/v2/disbursements', otherKey)).toEqual([]);
    expect(await list('/api/v2/retail-payments', otherKey)).toEqual([]);
  });

  it('answers bad filters with precise validation errors', async () => {
    const cases: [string, string][] = [
      ['/api/v2/virtual-accounts?status=paid', 'status must be one of unpaid, pending, done, expired'],
      ['/api/v2/disbursements?status=unpaid', 'status must be one of pending, done, failed'],
      ['/api/v2/retail-payments?limit=101', 'limit must not be greater than 100'],
      ['/api/v2/virtual-accounts?limit=two', 'limit must be a whole number'],
      ['/api/v2/disbursements?created_after=yesterday', 'created_after must be an ISO 8601 date or time'],
      ['/api/v2/virtual-accounts?external_id=', 'external_id must not be empty'],
    ];
    for (const [path, message] of cases) {
      const { body } = await t.http.get(path).set(bearer(key)).expect(400);
      expect(body.error_code).toBe('API_VALIDATION_ERROR');
      expect(JSON.stringify(body)).toContain(message);
    }
  });
});

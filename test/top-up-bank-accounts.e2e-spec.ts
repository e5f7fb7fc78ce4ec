import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';

/** Where merchants transfer their top-ups: operators configure it per environment, merchants read it. */
describe('top-up bank accounts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(() => t.close());

  it('shows merchants the active accounts of their environment, and refuses bad or duplicate ones', async () => {
    const merchant = await t.createMerchant();
    const accounts = (key: string) => t.http.get('/api/v2/top-ups/bank-accounts').set(bearer(key)).expect(200).then((r) => r.body);
    expect(await accounts(merchant.api_keys.production)).toEqual([]);

    const account = { environment: 'production', bank_code: 'BNI', account_number: '8808123456789', account_name: 'PT Palladium Dana Titipan' };
    const { body: added } = await t.http.post('/admin/top-up-bank-accounts').set(adminAuth).send(account).expect(201);
    expect(added).toMatchObject({ ...account, active: true, retired: null, bank_name: expect.stringContaining('BNI') });
    await t.http.post('/admin/top-up-bank-accounts').set(adminAuth).send({ ...account, environment: 'development', account_number: '1234500000' }).expect(201);

    expect(await accounts(merchant.api_keys.production)).toEqual([
      { id: added.id, bank_code: 'BNI', bank_name: added.bank_name, account_number: '8808123456789', account_name: 'PT Palladium Dana Titipan' },
    ]);
    expect((await accounts(merchant.api_keys.development)).map((a: { account_number: string }) => a.account_number)).toEqual(['1234500000']);

    const duplicate = await t.http.post('/admin/top-up-bank-accounts').set(adminAuth).send(account).expect(409);
    expect(duplicate.body.error_code).toBe('DUPLICATE_TOP_UP_BANK_ACCOUNT_ERROR');
    expect((await t.http.post('/admin/top-up-bank-accounts').set(adminAuth).send({ ...account, bank_code: 'NOPE' }).expect(400)).body.error_code).toBe('BANK_NOT_SUPPORTED_ERROR');
    const invalid = await t.http.post('/admin/top-up-bank-accounts').set(adminAuth).send({ ...account, account_number: '12ab' }).expect(400);
    expect(invalid.body).toMatchObject({ error_code: 'API_VALIDATION_ERROR', errors: [{ field: 'account_number' }] });
    // Merchants cannot manage them.
    await t.http.post('/admin/top-up-bank-accounts').set(bearer(merchant.api_keys.production)).send(account).expect(401);
  });

  it('retires an account: merchants stop seeing it, operators keep it on record, and it may be added again', async () => {
    const merchant = await t.createMerchant();
    const account = { environment: 'production', bank_code: 'BRI', account_number: '0345678901', account_name: 'PT Palladium' };
    const { body: added } = await t.http.post('/admin/top-up-bank-accounts').set(adminAuth).send(account).expect(201);

    const { body: retired } = await t.http.post(`/admin/top-up-bank-accounts/${added.id}/retire`).set(adminAuth).expect(200);
    expect(retired).toMatchObject({ id: added.id, active: false, retired: expect.any(String) });
    const shown = (await t.http.get('/api/v2/top-ups/bank-accounts').set(bearer(merchant.api_keys.production)).expect(200)).body;
    expect(shown.map((a: { id: string }) => a.id)).not.toContain(added.id);
    expect((await t.http.get('/admin/top-up-bank-accounts').set(adminAuth).expect(200)).body).toContainEqual(expect.objectContaining({ id: added.id, active: false }));

    expect((await t.http.post(`/admin/top-up-bank-accounts/${added.id}/retire`).set(adminAuth).expect(404)).body.error_code).toBe('TOP_UP_BANK_ACCOUNT_NOT_FOUND_ERROR');
    expect((await t.http.post('/admin/top-up-bank-accounts/not-a-uuid/retire').set(adminAuth).expect(404)).body.error_code).toBe('TOP_UP_BANK_ACCOUNT_NOT_FOUND_ERROR');
    await t.http.post('/admin/top-up-bank-accounts').set(adminAuth).send(account).expect(201);
  });
});

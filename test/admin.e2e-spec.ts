import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from './support/test-app';

describe('operator API /admin', () => {
  let t: TestApp;
  const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('requires the admin token', async () => {
    const missing = await t.http.get('/admin/merchants').expect(401);
    expect(missing.body.error_code).toBe('INVALID_ADMIN_TOKEN');
    await t.http.get('/admin/merchants').set('Authorization', 'Bearer wrong').expect(401);
    // A merchant key is not an operator token.
    const merchant = await t.createMerchant();
    await t.http.get('/admin/merchants').set('Authorization', `Bearer ${merchant.api_keys.production}`).expect(401);
  });

  it('creates a merchant with a callback token and one key per environment', async () => {
    const response = await t.http
      .post('/admin/merchants')
      .set(admin)
      .send({ name: 'PT Test', email: 'qa@test.com' })
      .expect(201);
    expect(Object.keys(response.body).sort()).toEqual(['api_keys', 'callback_token', 'email', 'id', 'name']);
    expect(response.body).toMatchObject({ name: 'PT Test', email: 'qa@test.com' });
    expect(response.body.callback_token).toMatch(/^[0-9a-f]{48}$/);
    expect(response.body.api_keys.development).toMatch(/^pallapi_secret_development_[0-9a-f]{32}$/);
    expect(response.body.api_keys.production).toMatch(/^pallapi_secret_production_[0-9a-f]{32}$/);
  });

  it('refuses a second merchant with the same email, whatever its case', async () => {
    await t.http.post('/admin/merchants').set(admin).send({ name: 'A', email: 'dup@test.com' }).expect(201);
    const response = await t.http
      .post('/admin/merchants')
      .set(admin)
      .send({ name: 'B', email: 'DUP@test.com' })
      .expect(409);
    expect(response.body.error_code).toBe('DUPLICATE_MERCHANT_ERROR');
  });

  it('shows and lists merchants without their keys', async () => {
    const merchant = await t.createMerchant();
    const shown = await t.http.get(`/admin/merchants/${merchant.id}`).set(admin).expect(200);
    expect(shown.body).toMatchObject({ id: merchant.id, callback_token: merchant.callback_token });
    expect(shown.body.api_keys.development.hint).toBe(`…${merchant.api_keys.development.slice(-4)}`);
    expect(JSON.stringify(shown.body)).not.toContain(merchant.api_keys.development);
    const listed = await t.http.get('/admin/merchants').set(admin).expect(200);
    expect(listed.body.map((m: { id: string }) => m.id)).toContain(merchant.id);
  });

  it('answers 404 for an unknown merchant and a revoke with no active key', async () => {
    const unknown = await t.http.get('/admin/merchants/not-a-uuid').set(admin).expect(404);
    expect(unknown.body.error_code).toBe('MERCHANT_NOT_FOUND_ERROR');
    await t.http.get('/admin/merchants/6f1c0a4e-8b0f-4c55-9c43-1b0c5a7b8e21').set(admin).expect(404);
    const merchant = await t.createMerchant();
    await t.http.post(`/admin/merchants/${merchant.id}/api-keys/production/revoke`).set(admin).expect(200);
    const again = await t.http.post(`/admin/merchants/${merchant.id}/api-keys/production/revoke`).set(admin).expect(404);
    expect(again.body.error_code).toBe('API_KEY_NOT_FOUND_ERROR');
  });

  it('validates the environment in key routes', async () => {
    const merchant = await t.createMerchant();
    const response = await t.http.post(`/admin/merchants/${merchant.id}/api-keys/staging/rotate`).set(admin).expect(400);
    expect(response.body.error_code).toBe('API_VALIDATION_ERROR');
  });

  it('rotates the callback token', async () => {
    const merchant = await t.createMerchant();
    const response = await t.http.post(`/admin/merchants/${merchant.id}/callback-token/rotate`).set(admin).expect(200);
    expect(response.body.callback_token).toMatch(/^[0-9a-f]{48}$/);
    expect(response.body.callback_token).not.toBe(merchant.callback_token);
  });

  it('keeps one active key per environment under concurrent rotations', async () => {
    const merchant = await t.createMerchant();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.http.post(`/admin/merchants/${merchant.id}/api-keys/production/rotate`).set(admin),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const working = await Promise.all(
      results.map((r) => t.http.get('/api/v2/banks').set('Authorization', r.body.api_key).then((x) => x.status)),
    );
    expect(working.filter((status) => status === 200)).toHaveLength(1);
  });
});

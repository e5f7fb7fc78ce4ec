import { eventually } from './support/provider-world';
import { MerchantsService } from '../src/merchants/merchants.service';
import { bearer, startTestApp, TEST_ADMIN_TOKEN, TestApp } from './support/test-app';

describe('API key authentication on /api/v2', () => {
  let t: TestApp;

  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  it('accepts "Authorization: Bearer <key>" and the bare "Authorization: <key>"', async () => {
    const merchant = await t.createMerchant();
    await t.http.get('/api/v2/banks').set(bearer(merchant.api_keys.development)).expect(200);
    await t.http.get('/api/v2/banks').set('Authorization', merchant.api_keys.development).expect(200);
    await t.http.get('/api/v2/banks').set('Authorization', `bearer ${merchant.api_keys.production}`).expect(200);
  });

  it.each([
    ['no header', undefined, /Missing API key/],
    ['an empty header', '', /Missing API key/],
    ['a malformed key', 'Bearer secret_key', /Malformed API key/],
    ['an unknown key', `Bearer pallapi_secret_production_${'0'.repeat(32)}`, /Unknown API key/],
    ['another scheme', 'Basic dXNlcjpwYXNz', /Malformed API key|Missing API key/],
  ])('answers 401 INVALID_API_KEY for %s', async (_label, header, message) => {
    const call = t.http.get('/api/v2/banks');
    if (header !== undefined) call.set('Authorization', header);
    const response = await call.expect(401).expect('Content-Type', /json/);
    expect(response.body.error_code).toBe('INVALID_API_KEY');
    expect(response.body.message).toMatch(message);
  });

  it('rejects a revoked key and keeps the other environment working', async () => {
    const merchant = await t.createMerchant();
    await t.http.post(`/admin/merchants/${merchant.id}/api-keys/production/revoke`).set(admin).expect(200);
    const response = await t.http.get('/api/v2/banks').set(bearer(merchant.api_keys.production)).expect(401);
    expect(response.body).toEqual({ error_code: 'INVALID_API_KEY', message: 'This API key has been revoked' });
    await t.http.get('/api/v2/banks').set(bearer(merchant.api_keys.development)).expect(200);
  });

  it('a key accepted a moment ago (cached) stops working at once when this instance revokes it', async () => {
    const merchant = await t.createMerchant();
    await t.http.get('/api/v2/banks').set(bearer(merchant.api_keys.production)).expect(200);
    await t.http.post(`/admin/merchants/${merchant.id}/api-keys/production/revoke`).set(admin).expect(200);
    await t.http.get('/api/v2/banks').set(bearer(merchant.api_keys.production)).expect(401);
  });

  it('rotation issues a working key and revokes the old one at once', async () => {
    const merchant = await t.createMerchant();
    await t.http.get('/api/v2/banks').set(bearer(merchant.api_keys.development)).expect(200);
    const rotated = await t.http
      .post(`/admin/merchants/${merchant.id}/api-keys/development/rotate`)
      .set(admin)
      .expect(200);
    expect(rotated.body.environment).toBe('development');
    expect(rotated.body.api_key).toMatch(/^pallapi_secret_development_[0-9a-f]{32}$/);
    expect(rotated.body.api_key).not.toBe(merchant.api_keys.development);
    await t.http.get('/api/v2/banks').set(bearer(rotated.body.api_key)).expect(200);
    await t.http.get('/api/v2/banks').set(bearer(merchant.api_keys.development)).expect(401);
  });

  it('takes the environment of every request from its key', async () => {
    const merchant = await t.createMerchant();
    const merchants = t.app.get(MerchantsService);
    const development = await merchants.authenticate(`Bearer ${merchant.api_keys.development}`);
    const production = await merchants.authenticate(merchant.api_keys.production);
    expect(development).toMatchObject({ merchantId: merchant.id, environment: 'development' });
    expect(production).toMatchObject({ merchantId: merchant.id, environment: 'production' });
  });

  it('stores keys only as hashes', async () => {
    const merchant = await t.createMerchant();
    const rows = await t.sql('SELECT * FROM api_keys WHERE merchant_id = $1', [merchant.id]);
    const stored = JSON.stringify(rows);
    expect(rows).toHaveLength(2);
    expect(stored).not.toContain(merchant.api_keys.development.slice(-32));
    expect(stored).not.toContain(merchant.api_keys.production.slice(-32));
  });

  // Last: two apps in one process share nestjs-cls's @Transactional() registry, so this
  // instance's transactional methods are not used after the other one closed.
  it('on another instance, a revoked key stops working as soon as the revocation is announced, long before the TTL', async () => {
    const other = await startTestApp({ DATABASE_URL: t.databaseUrl, API_KEY_CACHE_SECONDS: '60' });
    try {
      const merchant = await t.createMerchant();
      const key = bearer(merchant.api_keys.production);
      await other.http.get('/api/v2/banks').set(key).expect(200);
      await other.http.get('/api/v2/banks').set(key).expect(200);
      const revokedAt = Date.now();
      await t.http.post(`/admin/merchants/${merchant.id}/api-keys/production/revoke`).set(admin).expect(200);
      // The other instance has the key cached for a minute; the NOTIFY makes it forget.
      await eventually(async () => (await other.http.get('/api/v2/banks').set(key)).status, (status) => status === 401, 5_000);
      expect(Date.now() - revokedAt).toBeLessThan(5_000);
    } finally {
      await other.close();
    }
  });
});

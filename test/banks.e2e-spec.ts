import { bearer, startTestApp, TestApp } from './support/test-app';

describe('bank registry endpoints', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.createMerchant()).api_keys.development;
  });
  afterAll(() => t.close());

  it('lists every disbursal bank of the spec', async () => {
    const response = await t.http.get('/api/v2/banks').set(bearer(key)).expect(200);
    expect(response.body).toHaveLength(143);
    expect(response.body).toContainEqual({
      code: 'BCA',
      name: 'Bank Central Asia (BCA)',
      can_disburse: true,
      min_amount: 10000,
      max_amount: 50000000,
    });
    expect(response.body.map((b: { code: string }) => b.code)).toEqual(
      expect.arrayContaining(['ACEH', 'YUDHA_BHAKTI', 'SAHABAT_SAMPOERNA', 'MANDIRI', 'BSI']),
    );
    // Provider codes are internal.
    expect(Object.keys(response.body[0])).not.toContain('duitkuCode');
  });

  it('lists the virtual account banks with BCA coming soon', async () => {
    const response = await t.http.get('/api/v2/virtual-account-banks').set(bearer(key)).expect(200);
    expect(response.body.map((b: { code: string; status: string }) => `${b.code}:${b.status}`)).toEqual([
      'BNI:available',
      'BRI:available',
      'BSS:available',
      'BCA:coming_soon',
    ]);
  });

  it('lists ALFAMART as the retail outlet', async () => {
    const response = await t.http.get('/api/v2/retail-outlets').set(bearer(key)).expect(200);
    expect(response.body).toEqual([{ name: 'ALFAMART', status: 'available', min_amount: 10000, max_amount: 5000000 }]);
  });

  it('shows BCA virtual accounts as available once enabled by configuration', async () => {
    const enabled = await startTestApp({ VA_BCA_ENABLED: 'true' });
    try {
      const merchantKey = (await enabled.createMerchant()).api_keys.production;
      const response = await enabled.http.get('/api/v2/virtual-account-banks').set(bearer(merchantKey)).expect(200);
      expect(response.body.find((b: { code: string }) => b.code === 'BCA').status).toBe('available');
    } finally {
      await enabled.close();
    }
  });
});

import { ProviderWorld, startProviderWorld, eventually } from './support/provider-world';
import { adminAuth, bearer } from './support/test-app';

jest.setTimeout(120_000);

type Attempt = { provider: string; operation: string; outcome: string; request: Record<string, unknown> };

const finalStatus = (w: ProviderWorld, id: string) =>
  eventually(async () => (await w.t.http.get(`/api/v2/disbursements/${id}`).set(w.auth)).body.status as string, (status) => status !== 'pending');
const attemptsOf = async (w: ProviderWorld, id: string) => (await w.t.http.get(`/admin/disbursements/${id}/attempts`).set(adminAuth).expect(200)).body as Attempt[];

describe("provider limits from the providers' docs", () => {
  let w: ProviderWorld;

  beforeAll(async () => (w = await startProviderWorld({ env: { DISBURSEMENT_PROVIDERS: 'duitku,xendit' } })));
  afterAll(() => w.close());

  it("Duitku: a 500-character description goes out as a purpose of at most 255 (string(255)), and the payout is paid there", async () => {
    const description = `Payroll ${'x'.repeat(492)}`;
    const { body } = await w.t.http
      .post('/api/v2/create-disbursement')
      .set(w.auth)
      .send({ bank_code: 'BCA', account_name: 'Test Account', account_number: '8760673566', description, external_id: 'long-purpose', amount: 75_000 })
      .expect(200);
    expect(body.description).toBe(description);
    expect(await finalStatus(w, body.id)).toBe('done');
    const attempts = await attemptsOf(w, body.id);
    expect(attempts.filter((a) => a.provider === 'xendit')).toEqual([]);
    const sent = attempts.filter((a) => a.operation === 'inquiry' || a.operation === 'transfer').map((a) => a.request.purpose);
    expect(sent).toEqual([description.slice(0, 255), description.slice(0, 255)]);
  });

  it('Duitku: a payout larger than the effectiveBalance is not sent there (balance alone is not what can be disbursed)', async () => {
    const inquiriesBefore = w.duitku.inquiries.length;
    w.duitku.holdBalance(w.duitku.balance() - 50_000);
    try {
      const { body } = await w.t.http
        .post('/api/v2/create-disbursement')
        .set(w.auth)
        .send({ bank_code: 'BNI', account_name: 'Test Account', account_number: '8760673566', description: 'Float short', external_id: 'float-short', amount: 100_000 })
        .expect(200);
      expect(await finalStatus(w, body.id)).toBe('done');
      const attempts = await attemptsOf(w, body.id);
      expect(attempts.map((a) => [a.provider, a.operation, a.outcome])).toEqual([
        ['duitku', 'checkbalance', 'failed_over'],
        ['xendit', 'create_disbursement', 'waiting'],
      ]);
      expect(w.duitku.inquiries.length).toBe(inquiriesBefore);
    } finally {
      w.duitku.holdBalance(0);
    }
  });

  it('Xendit FVA update: the expected amount must stay below Rp 1,000,000,000, in production and the sandbox alike', async () => {
    for (const auth of [w.auth, bearer(w.merchant.api_keys.development)]) {
      const { body: va } = await w.t.http
        .post('/api/v2/create-virtual-account')
        .set(auth)
        .send({ external_id: 'big-update', bank_code: 'BNI', name: 'PT Besar', amount: 5_000_000_000, is_single_use: false })
        .expect(200);
      const refused = await w.t.http.patch(`/api/v2/virtual-accounts/${va.id}`).set(auth).send({ amount: 1_000_000_000 }).expect(400);
      expect(refused.body).toMatchObject({ error_code: 'API_VALIDATION_ERROR', errors: [{ field: 'amount', message: 'amount must be between 1 and 999999999' }] });
      expect((await w.t.http.get(`/api/v2/virtual-accounts/${va.id}`).set(auth).expect(200)).body.amount).toBe(5_000_000_000);
      const updated = await w.t.http.patch(`/api/v2/virtual-accounts/${va.id}`).set(auth).send({ amount: 999_999_999 }).expect(200);
      expect(updated.body.amount).toBe(999_999_999);
    }
  });
});

import { createOperator } from './support/console';
import { as, signIn, signUp } from './support/dashboard';
import { eventually } from './support/provider-world';
import { adminAuth, bearer, creditIncomeWallet, startTestApp, TestApp } from './support/test-app';

/** What a suspended merchant's key or session gets. */
const SUSPENDED = { status: 403, code: 'MERCHANT_SUSPENDED_ERROR', message: /suspended/ };

/** The console's merchant pages on the server: suspension, wallets, people, callback health, search (issue 15). */
describe('operators and merchants: suspension and the merchant detail', () => {
  jest.setTimeout(60_000);
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const suspend = (merchantId: string, body: object, auth: Record<string, string> = adminAuth) =>
    t.http.post(`/admin/merchants/${merchantId}/suspend`).set(auth).send(body);
  const unsuspend = (merchantId: string, body: object = {}) => t.http.post(`/admin/merchants/${merchantId}/unsuspend`).set(adminAuth).send(body);

  it("refuses a suspended merchant's keys (cached ones at once) and dashboard sessions, and takes them back after unsuspend", async () => {
    const owner = await signUp(t, { merchant_name: 'PT Suspended Soon' });
    const merchantId = owner.merchant.id;
    await t.http.post(`/admin/merchants/${merchantId}/production`).set(adminAuth).send({ enabled: true }).expect(200);
    const development = bearer(owner.apiKeys.development);
    const production = bearer(owner.apiKeys.production);
    // Accepted (and so cached) before the suspension.
    await t.http.get('/api/v2/banks').set(development).expect(200);
    await t.http.get('/api/v2/banks').set(production).expect(200);
    await as(owner, t.http.get('/api/dashboard/session')).expect(200);

    await suspend(merchantId, {}).expect(400);
    const suspended = await suspend(merchantId, { reason: '  Chargebacks under review  ' }).expect(200);
    expect(suspended.body).toMatchObject({ id: merchantId, suspended_at: expect.any(String), suspended_reason: 'Chargebacks under review', production_enabled: true });

    for (const key of [development, production]) {
      const refused = await t.http.get('/api/v2/banks').set(key);
      expect(refused.status).toBe(SUSPENDED.status);
      expect(refused.body.message).toMatch(SUSPENDED.message);
      expect(refused.body.error_code).toBe(SUSPENDED.code);
    }
    const session = await as(owner, t.http.get('/api/dashboard/session'));
    expect(session.status).toBe(SUSPENDED.status);
    expect(session.body.message).toMatch(SUSPENDED.message);
    expect(session.body.error_code).toBe(SUSPENDED.code);
    // The same session on the merchant API (the dashboard's calls) is refused too.
    expect((await as(owner, t.http.get('/api/v2/me')).set('X-Palladium-Environment', 'development')).status).toBe(SUSPENDED.status);
    const sessionsBefore = await t.sql('SELECT id FROM dashboard_sessions WHERE person_id = $1', [owner.person.id]);
    const signInAgain = await t.http.post('/api/dashboard/sign-in').send({ email: owner.person.email, password: owner.password });
    expect(signInAgain.status).toBe(SUSPENDED.status);
    expect(signInAgain.body.error_code).toBe(SUSPENDED.code);
    // Refused before anything is written: no session, no "signed in" entry.
    expect(await t.sql('SELECT id FROM dashboard_sessions WHERE person_id = $1', [owner.person.id])).toHaveLength(sessionsBefore.length);
    // An operator still sees it, suspended, in the list.
    const listed = (await t.http.get('/admin/merchants').set(adminAuth).expect(200)).body as { id: string; suspended_reason: string | null }[];
    expect(listed.find((m) => m.id === merchantId)?.suspended_reason).toBe('Chargebacks under review');

    // Suspending again keeps the first suspension.
    const again = await suspend(merchantId, { reason: 'another reason' }).expect(200);
    expect(again.body).toMatchObject({ suspended_at: suspended.body.suspended_at, suspended_reason: 'Chargebacks under review' });

    const lifted = await unsuspend(merchantId, { note: 'Review closed' }).expect(200);
    expect(lifted.body).toMatchObject({ suspended_at: null, suspended_reason: null });
    await t.http.get('/api/v2/banks').set(development).expect(200);
    await t.http.get('/api/v2/banks').set(production).expect(200);
    await as(owner, t.http.get('/api/dashboard/session')).expect(200);
    await signIn(t, owner.person.email);
    // Lifting a suspension that is not there changes nothing (and needs no body).
    await t.http.post(`/admin/merchants/${merchantId}/unsuspend`).set(adminAuth).expect(200);

    const audit = await t.sql<{ action: string; operator_via: string; before: unknown; after: unknown }>(
      `SELECT action, operator_via, before, after FROM audit_log WHERE merchant_id = $1 AND action LIKE 'merchant.%suspended' ORDER BY id`,
      [merchantId],
    );
    expect(audit).toEqual([
      { action: 'merchant.suspended', operator_via: 'bootstrap token', before: { suspended: false }, after: { suspended: true, reason: 'Chargebacks under review' } },
      { action: 'merchant.unsuspended', operator_via: 'bootstrap token', before: { suspended: true, reason: 'Chargebacks under review' }, after: { suspended: false, note: 'Review closed' } },
    ]);
  });

  it('needs the operator role to suspend, and knows no merchant it does not have', async () => {
    const merchant = await t.createMerchant();
    const viewer = await createOperator(t, 'Vina Viewer', 'viewer');
    const token = await t.http.post(`/admin/operators/${viewer.id}/tokens`).set(adminAuth).send({ name: 'laptop', scope: 'act' }).expect(201);
    const refused = await suspend(merchant.id, { reason: 'no' }, bearer(token.body.token)).expect(403);
    expect(refused.body.error_code).toBe('OPERATOR_FORBIDDEN_ERROR');
    await t.http.get(`/admin/merchants/${merchant.id}/wallets`).set(bearer(token.body.token)).expect(200);
    expect((await suspend('00000000-0000-4000-8000-000000000000', { reason: 'x' }).expect(404)).body.error_code).toBe('MERCHANT_NOT_FOUND_ERROR');
    expect((await suspend('not-a-uuid', { reason: 'x' }).expect(404)).body.error_code).toBe('MERCHANT_NOT_FOUND_ERROR');
    await t.http.get(`/admin/merchants/not-a-uuid/callback-health`).set(adminAuth).expect(404);
  });

  it("shows a merchant's wallets in both environments, its people and its callback health", async () => {
    const owner = await signUp(t, { merchant_name: 'PT Detail', name: 'Dewi Owner' });
    const merchantId = owner.merchant.id;
    await creditIncomeWallet(t, { merchantId, environment: 'production' }, 250_000);
    const wallets = await t.http.get(`/admin/merchants/${merchantId}/wallets`).set(adminAuth).expect(200);
    const empty = { available: 0, pending_incoming: 0, reserved: 0, credited: 0, debited: 0 };
    expect(wallets.body).toEqual({
      development: { income: empty, disburse: empty },
      production: { income: { ...empty, available: 250_000, credited: 250_000 }, disburse: empty },
    });

    const people = await t.http.get(`/admin/merchants/${merchantId}/people`).set(adminAuth).expect(200);
    expect(people.body).toEqual([{ id: owner.person.id, name: 'Dewi Owner', email: owner.person.email, role: 'owner', created_at: expect.any(String) }]);

    const none = await t.http.get(`/admin/merchants/${merchantId}/callback-health`).set(adminAuth).expect(200);
    expect(none.body).toEqual({
      development: { pending: 0, retrying: 0, failed: 0, last_attempt: null },
      production: { pending: 0, retrying: 0, failed: 0, last_attempt: null },
    });

    // A failed event, a retrying one, and the newest attempt (an answer 500).
    await t.sql(
      `INSERT INTO callback_events (id, merchant_id, environment, event_type, resource_id, body, status, attempt_count, next_attempt_at, created_at)
       VALUES ('evt_health_failed', $1, 'production', 'virtual_account.paid', 'va-1', '{}', 'failed', 8, NULL, now() - interval '2 days'),
              ('evt_health_retrying', $1, 'production', 'virtual_account.paid', 'va-2', '{}', 'pending', 2, now() + interval '1 minute', now()),
              ('evt_health_dev', $1, 'development', 'virtual_account.paid', 'va-3', '{}', 'delivered', 1, NULL, now())`,
      [merchantId],
    );
    await t.sql(
      `INSERT INTO callback_attempts (event_id, attempted_at, url, status_code, latency_ms, error, response_snippet, delivered)
       VALUES ('evt_health_failed', now() - interval '1 day', 'https://merchant.test/hook', NULL, 10, 'connection refused', NULL, false),
              ('evt_health_retrying', now(), 'https://merchant.test/hook', 500, 12, NULL, 'oops', false),
              ('evt_health_dev', now(), 'https://merchant.test/dev-hook', 200, 9, NULL, 'ok', true)`,
    );
    const health = await t.http.get(`/admin/merchants/${merchantId}/callback-health`).set(adminAuth).expect(200);
    expect(health.body).toEqual({
      development: {
        pending: 0,
        retrying: 0,
        failed: 0,
        last_attempt: { attempted_at: expect.any(String), url: 'https://merchant.test/dev-hook', status_code: 200, error: null, delivered: true },
      },
      production: {
        pending: 1,
        retrying: 1,
        failed: 1,
        last_attempt: { attempted_at: expect.any(String), url: 'https://merchant.test/hook', status_code: 500, error: null, delivered: false },
      },
    });
  });

  it('finds merchants by a part of their name or email, whatever the case, taking % and _ literally', async () => {
    const tag = `${Date.now()}`;
    const sari = await t.createMerchant({ name: `Toko Sari ${tag}`, email: `sari-${tag}@shops.test` });
    const budi = await t.createMerchant({ name: `Warung Budi ${tag}`, email: `budi_${tag}@food.test` });
    const ids = async (search: string) =>
      ((await t.http.get('/admin/merchants').query({ search }).set(adminAuth).expect(200)).body as { id: string }[]).map((m) => m.id);
    expect(await ids(`toko sari ${tag}`)).toEqual([sari.id]);
    expect(await ids(`FOOD.TEST`)).toContain(budi.id);
    expect(await ids(`budi_${tag}`)).toEqual([budi.id]);
    expect(await ids(`%${tag}`)).toEqual([]);
    expect(await ids(tag)).toEqual([sari.id, budi.id]);
    expect((await ids('')).length).toBeGreaterThanOrEqual(2);
  });

  // Last: two apps in one process share nestjs-cls's @Transactional() registry (see auth.e2e-spec).
  it('on another instance, a cached key of a suspended merchant stops working as soon as the suspension is announced', async () => {
    const other = await startTestApp({ DATABASE_URL: t.databaseUrl, API_KEY_CACHE_SECONDS: '60' });
    try {
      const merchant = await t.createMerchant();
      const key = bearer(merchant.api_keys.development);
      await other.http.get('/api/v2/banks').set(key).expect(200);
      await other.http.get('/api/v2/banks').set(key).expect(200);
      const suspendedAt = Date.now();
      await suspend(merchant.id, { reason: 'Fraud report' }).expect(200);
      await eventually(async () => (await other.http.get('/api/v2/banks').set(key)).status, (status) => status === SUSPENDED.status, 5_000);
      expect(Date.now() - suspendedAt).toBeLessThan(5_000);
      await unsuspend(merchant.id).expect(200);
      await other.http.get('/api/v2/banks').set(key).expect(200);
    } finally {
      await other.close();
    }
  });
});

import { CallbackReceiver } from './support/callback-receiver';
import { asOperator, createOperator, enrollAndSignIn, type ConsoleSession } from './support/console';
import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

jest.setTimeout(90_000);

interface Endpoint {
  merchant_id: string;
  environment: string;
  url: string;
  failed: number;
  retrying: number;
  oldest_event_at: string;
  next_retry_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
}

/**
 * What the console's operations pages read beyond the existing lists (issue 15): callback
 * delivery health across merchants (backlog, failing endpoints grouped by merchant and URL),
 * callback events with their merchant, and the reconciliation report's documented shape.
 */
describe('console operations: callback health across merchants', () => {
  let t: TestApp;
  let receiver: CallbackReceiver;
  let viewer: ConsoleSession;
  let operator: ConsoleSession;

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    receiver.respond((callback) => (callback.path === '/broken' ? { status: 503, body: 'maintenance until 23:00' } : { status: 200, body: 'ok' }));
    // A failed attempt is retried an hour later, then given up.
    t = await startTestApp({ CALLBACK_RETRY_SCHEDULE: '0,3600' });
    viewer = await enrollAndSignIn(t, await createOperator(t, 'Vina Viewer', 'viewer'));
    operator = await enrollAndSignIn(t, await createOperator(t, 'Oki Operator', 'operator'));
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const health = async (query = '') => {
    const response = await asOperator(viewer, t.http.get(`/admin/callbacks/health${query}`)).expect(200);
    return response.body as { generated_at: string; failed_since: string; backlog: Record<string, number | string | null>; failing_endpoints: Endpoint[] };
  };
  const eventOf = async (merchantId: string, resourceId: string) => {
    const list = await t.http.get(`/admin/callbacks?merchant_id=${merchantId}&event=virtual_account.paid&resource_id=${resourceId}`).set(adminAuth).expect(200);
    return list.body.data[0] as { id: string; status: string; merchant_id: string; environment: string; attempts: unknown[] };
  };
  const paidVirtualAccount = async (key: string, externalId: string) => {
    const va = await t.http
      .post('/api/v2/create-virtual-account')
      .set(bearer(key))
      .send({ bank_code: 'BNI', name: 'Budi Santoso', amount: 150_000, external_id: externalId, is_single_use: true })
      .expect(200);
    await t.http.post(`/api/v2/simulate/virtual-accounts/${va.body.id}/pay`).set(bearer(key)).send({}).expect(200);
    return va.body.id as string;
  };

  it('groups retrying and failed events by merchant and endpoint, with the last error; healthy endpoints stay out', async () => {
    const broken = await t.createMerchant({ name: 'Toko Rusak' });
    const healthy = await t.createMerchant({ name: 'Toko Sehat' });
    await t.http.put('/api/v2/callback-urls').set(bearer(broken.api_keys.development)).send({ 'virtual_account.paid': receiver.url('/broken') }).expect(200);
    await t.http.put('/api/v2/callback-urls').set(bearer(healthy.api_keys.development)).send({ 'virtual_account.paid': receiver.url('/ok') }).expect(200);

    const first = await paidVirtualAccount(broken.api_keys.development, 'order-1');
    const second = await paidVirtualAccount(broken.api_keys.development, 'order-2');
    const fine = await paidVirtualAccount(healthy.api_keys.development, 'order-3');
    await waitUntil(async () => (await eventOf(broken.id, first)).attempts.length === 1 && (await eventOf(broken.id, second)).attempts.length === 1, { what: 'first attempts' });
    await waitUntil(async () => (await eventOf(healthy.id, fine)).status === 'delivered', { what: 'healthy delivery' });

    // Operators see whose each event is.
    expect(await eventOf(broken.id, first)).toMatchObject({ status: 'pending', merchant_id: broken.id, environment: 'development' });

    let report = await health();
    expect(report.backlog).toMatchObject({ retrying: 2, due_now: 0, failed: 0, oldest_due_at: null });
    expect(report.backlog.pending).toBe(2);
    expect(report.failing_endpoints).toEqual([
      expect.objectContaining({ merchant_id: broken.id, environment: 'development', url: receiver.url('/broken'), failed: 0, retrying: 2, last_status_code: 503 }),
    ]);
    const [endpoint] = report.failing_endpoints;
    expect(endpoint.last_error).toMatch(/503/);
    expect(new Date(endpoint.next_retry_at!).getTime()).toBeGreaterThan(Date.now() + 3_000_000);

    // An hour later the second attempt fails too: the schedule has run out.
    const firstEvent = await eventOf(broken.id, first);
    await t.sql('UPDATE callback_events SET next_attempt_at = now() WHERE id = $1', [firstEvent.id]);
    await waitUntil(async () => (await eventOf(broken.id, first)).status === 'failed', { what: 'second attempt' });
    report = await health();
    expect(report.backlog).toMatchObject({ retrying: 1, failed: 1, pending: 1 });
    expect(report.failing_endpoints).toEqual([expect.objectContaining({ url: receiver.url('/broken'), failed: 1, retrying: 1 })]);

    // Filters: production has nothing; failed events count only from `failed_since`.
    expect((await health('?environment=production')).failing_endpoints).toEqual([]);
    const later = await health(`?failed_since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(later.backlog.failed).toBe(0);
    expect(later.failing_endpoints).toEqual([expect.objectContaining({ failed: 0, retrying: 1 })]);
    const invalid = await asOperator(viewer, t.http.get('/admin/callbacks/health?environment=staging')).expect(400);
    expect(invalid.body.error_code).toBe('API_VALIDATION_ERROR');

    // A viewer may look, not resend; once the merchant fixed the URL an operator resends and the endpoint recovers.
    const refused = await asOperator(viewer, t.http.post(`/admin/callbacks/${firstEvent.id}/resend`)).expect(403);
    expect(refused.body.error_code).toBe('OPERATOR_FORBIDDEN_ERROR');
    await t.http.put('/api/v2/callback-urls').set(bearer(broken.api_keys.development)).send({ 'virtual_account.paid': receiver.url('/ok') }).expect(200);
    await asOperator(operator, t.http.post(`/admin/callbacks/${firstEvent.id}/resend`)).expect(200);
    const secondEvent = await eventOf(broken.id, second);
    await asOperator(operator, t.http.post(`/admin/callbacks/${secondEvent.id}/resend`)).expect(200);
    await waitUntil(async () => (await eventOf(broken.id, first)).status === 'delivered' && (await eventOf(broken.id, second)).status === 'delivered', { what: 'resent deliveries' });
    report = await health();
    expect(report.failing_endpoints).toEqual([]);
    expect(report.backlog).toMatchObject({ pending: 0, retrying: 0, failed: 0 });
  });

  it('documents the reconciliation report it answers (no provider configured here: nothing to compare)', async () => {
    const { body } = await asOperator(viewer, t.http.get('/admin/providers/reconciliation')).expect(200);
    expect(Object.keys(body).sort()).toEqual(['balances', 'disbursements', 'generated_at', 'payments', 'payouts_in_doubt', 'provider_events', 'since'].sort());
    expect(body.balances).toEqual([]);
  });
});

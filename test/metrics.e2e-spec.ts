import { randomBytes } from 'node:crypto';
import { CallbackDeliveryService } from '../src/callbacks/delivery/callback-delivery.service';
import type { CreatedMerchantView } from '../src/merchants/merchant.views';
import { CallbackReceiver } from './support/callback-receiver';
import { createOperator } from './support/console';
import { productionVirtualAccount, recordPayments } from './support/payments-fixtures';
import { Scrape, scrape, scrapeUntil } from './support/metrics';
import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';
import { sleep, waitUntil } from './support/wait';

jest.setTimeout(180_000);

const DAY_MS = 24 * 60 * 60 * 1000;
const jakartaDate = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * GET /metrics while the development sandbox takes payments, pays out and calls merchants
 * back (README "Monitoring"). The callback worker is off: the test claims and delivers due
 * events itself, so a backlog can be seen before it is worked off. Provider calls and
 * payouts in doubt: test/metrics-providers.e2e-spec.ts (one app per file).
 */
describe('GET /metrics', () => {
  let t: TestApp;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    receiver.respond((callback) => (callback.path === '/fail' ? { status: 500, body: 'down for maintenance' } : { status: 200, body: 'ok' }));
    t = await startTestApp({
      CALLBACK_WORKER_ENABLED: 'false',
      // Retries a second apart: a round's failures are not due again by the scrape that follows it.
      CALLBACK_RETRY_SCHEDULE: '0,1,1',
      SANDBOX_DISBURSEMENT_SECONDS: '1',
      DATABASE_POOL_SIZE: '10',
    });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  /** What the callback worker does in one round: claims the due events, sends them, records the outcomes. */
  async function deliverDue(): Promise<number> {
    const delivery = t.app.get(CallbackDeliveryService);
    const claimed = await delivery.recordAndClaim([], 100);
    await delivery.record(await Promise.all(claimed.map((event) => delivery.attempt(event))));
    return claimed.length;
  }

  const createVa = (key: string, externalId: string) =>
    t.http
      .post('/api/v2/create-virtual-account')
      .set(bearer(key))
      .send({ bank_code: 'BNI', name: 'PT Metrics', is_single_use: 'false', amount: '250000', external_id: externalId })
      .expect(200)
      .then((response) => response.body as { id: string });
  const pay = (key: string, vaId: string, amount: number) => t.http.post(`/api/v2/simulate/virtual-accounts/${vaId}/pay`).set(bearer(key)).send({ amount }).expect(200);
  const eventStatuses = async (merchantId: string) =>
    Object.fromEntries(
      (await t.sql<{ event_type: string; status: string }>('SELECT event_type, status FROM callback_events WHERE merchant_id = $1', [merchantId])).map((row) => [row.event_type, row.status]),
    );

  it('is for operators: 401 without a token, 200 in the Prometheus text format with a read-only operator token, and not in the API document', async () => {
    const refused = await t.http.get('/metrics').expect(401);
    expect(refused.body.error_code).toBe('INVALID_ADMIN_TOKEN');
    await t.http.get('/metrics').set(bearer('pallop_0000000000000000000000000000000000000000')).expect(401);

    const viewer = await createOperator(t, 'Prometheus', 'viewer');
    const issued = (await t.http.post(`/admin/operators/${viewer.id}/tokens`).set(adminAuth).send({ name: 'prometheus', scope: 'read' }).expect(201)).body;
    const response = await t.http.get('/metrics').set(bearer(issued.token)).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; .*version=0\.0\.4/);
    expect(response.headers['cache-control']).toBe('no-store');
    const metrics = new Scrape(response.text);
    // prom-client's process metrics, and the scrape-time collectors all answered.
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(metrics.has(name)).toBe(true);
    }
    expect(metrics.matching('palladium_metrics_collector_success').map((s) => [s.labels.collector, s.value]).sort()).toEqual([
      ['callbacks', 1],
      ['database_pool', 1],
      ['payouts', 1],
      ['settlement', 1],
    ]);
    // Every metric of ours is named palladium_ and has a HELP text.
    for (const name of new Set(metrics.samples.map((s) => s.name).filter((n) => n.startsWith('palladium_')))) {
      expect(response.text).toMatch(new RegExp(`^# HELP ${name.replace(/_(bucket|sum|count)$/, '')} \\S`, 'm'));
    }

    // Neither API document lists it (it answers text, not JSON; README "Monitoring" documents it).
    for (const url of ['/docs-json', '/docs/operator-json']) {
      const document = (await t.http.get(url).expect(200)).body as { paths: Record<string, unknown> };
      expect(Object.keys(document.paths)).not.toContain('/metrics');
    }
  });

  it('counts HTTP requests by method, route pattern and status, and times them', async () => {
    const merchant = await t.createMerchant();
    const id = randomBytes(16).toString('hex');
    const route = { method: 'GET', route: '/api/v2/virtual-accounts/:id' };
    const before = await scrape(t.http);

    await t.http.get(`/api/v2/virtual-accounts/${id}`).set(bearer(merchant.api_keys.development)).expect(404);
    await t.http.get(`/api/v2/virtual-accounts/${id}`).expect(401);
    await t.http.get('/no-such-page').expect(404);
    const va = await createVa(merchant.api_keys.development, 'http-metrics');
    await t.http.get(`/api/v2/virtual-accounts/${va.id}`).set(bearer(merchant.api_keys.development)).expect(200);

    const after = await scrape(t.http);
    const change = (name: string, labels: Record<string, string>) => after.value(name, labels) - before.value(name, labels);
    expect(change('palladium_http_requests_total', { ...route, status: '404' })).toBe(1);
    expect(change('palladium_http_requests_total', { ...route, status: '401' })).toBe(1);
    expect(change('palladium_http_requests_total', { ...route, status: '200' })).toBe(1);
    expect(change('palladium_http_requests_total', { method: 'POST', route: '/api/v2/create-virtual-account', status: '200' })).toBe(1);
    expect(change('palladium_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(change('palladium_http_request_duration_seconds_count', route)).toBe(3);
    expect(change('palladium_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(3);
    expect(after.value('palladium_http_request_duration_seconds_sum', route)).toBeGreaterThan(before.value('palladium_http_request_duration_seconds_sum', route));
    // The pattern, never the path: no id becomes a label.
    expect(after.text).not.toContain(id);
    expect(after.text).not.toContain(va.id);
    expect(after.text).not.toContain('/no-such-page');
  });

  it('callbacks: due events and the oldest due age, attempts by outcome, endpoints failing', async () => {
    const merchant = await t.createMerchant();
    const key = merchant.api_keys.development;
    await t.http
      .put('/api/v2/callback-urls')
      .set(bearer(key))
      .send({ 'virtual_account.created': receiver.url('/fail'), 'virtual_account.paid': receiver.url('/ok'), 'top_up.approved': 'http://127.0.0.1:1/closed' })
      .expect(200);
    const dev = { environment: 'development' };
    const attempts = (outcome: string) => ({ environment: 'development', outcome });
    const before = await scrape(t.http);
    expect(before.value('palladium_callback_events_due', dev)).toBe(0);
    expect(before.value('palladium_callback_oldest_due_age_seconds', dev)).toBe(0);

    // A payment: virtual_account.created and .paid are due, and a top-up's top_up.approved.
    const va = await createVa(key, 'callbacks-metrics');
    await pay(key, va.id, 100_000);
    await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: 1000, transfer_reference: 'METRICS-1' }).expect(201);
    await sleep(1100);
    const backlog = await scrape(t.http);
    expect(backlog.value('palladium_callback_events_due', dev)).toBe(3);
    expect(backlog.value('palladium_callback_oldest_due_age_seconds', dev)).toBeGreaterThanOrEqual(1);
    expect(backlog.value('palladium_callback_oldest_due_age_seconds', { environment: 'production' })).toBe(0);
    // Nobody delivered them for ten minutes: what the "callbacks backing up" alert looks at.
    await t.sql(`UPDATE callback_events SET next_attempt_at = now() - interval '10 minutes' WHERE merchant_id = $1`, [merchant.id]);
    expect((await scrape(t.http)).value('palladium_callback_oldest_due_age_seconds', dev)).toBeGreaterThanOrEqual(600);

    // The worker's round: /ok answers 200, /fail 500, the closed port nothing.
    expect(await deliverDue()).toBe(3);
    const firstRound = await scrape(t.http);
    const change = (now: Scrape, name: string, labels: Record<string, string>) => now.value(name, labels) - before.value(name, labels);
    expect(change(firstRound, 'palladium_callback_delivery_attempts_total', attempts('delivered'))).toBe(1);
    expect(change(firstRound, 'palladium_callback_delivery_attempts_total', attempts('rejected'))).toBe(1);
    expect(change(firstRound, 'palladium_callback_delivery_attempts_total', attempts('unreachable'))).toBe(1);
    expect(firstRound.value('palladium_callback_events_due', dev)).toBe(0);
    expect(firstRound.value('palladium_callback_oldest_due_age_seconds', dev)).toBe(0);
    expect(change(firstRound, 'palladium_callback_events_retrying', dev)).toBe(2);
    expect(change(firstRound, 'palladium_callback_endpoints_failing', dev)).toBe(2);

    // The retries run out (three attempts in all): given up, the endpoints still count as failing (24 hours).
    await waitUntil(
      async () => {
        await deliverDue();
        const statuses = await eventStatuses(merchant.id);
        return statuses['virtual_account.created'] === 'failed' && statuses['top_up.approved'] === 'failed';
      },
      { what: 'both failing events given up', intervalMs: 200 },
    );
    const gaveUp = await scrape(t.http);
    expect(change(gaveUp, 'palladium_callback_delivery_attempts_total', attempts('delivered'))).toBe(1);
    expect(change(gaveUp, 'palladium_callback_delivery_attempts_total', attempts('rejected'))).toBe(3);
    expect(change(gaveUp, 'palladium_callback_delivery_attempts_total', attempts('unreachable'))).toBe(3);
    expect(change(gaveUp, 'palladium_callback_events_retrying', dev)).toBe(0);
    expect(change(gaveUp, 'palladium_callback_endpoints_failing', dev)).toBe(2);
    expect(receiver.on('/ok')).toHaveLength(1);
    expect(receiver.on('/fail')).toHaveLength(3);
  });

  it('payouts: pending by stage, and finished by outcome as the sandbox completes them', async () => {
    const merchant = await fundedMerchant(1_000_000);
    const key = merchant.api_keys.development;
    const sandbox = { environment: 'development', stage: 'sandbox' };
    const finished = (status: string) => ({ environment: 'development', status });
    const before = await scrape(t.http);
    const disburse = (amount: number, externalId: string) =>
      t.http
        .post('/api/v2/create-disbursement')
        .set(bearer(key))
        .send({ bank_code: 'BCA', account_name: 'Metrics Test', account_number: '12345678', description: 'Metrics', external_id: externalId, amount })
        .expect(200);
    // 90,000 completes and 90,001 is rejected a second later; any other amount waits to be simulated.
    await disburse(50_000, 'stays');
    await disburse(90_000, 'completes');
    await disburse(90_001, 'rejected');
    const created = await scrape(t.http);
    expect(created.value('palladium_payouts_pending', sandbox) - before.value('palladium_payouts_pending', sandbox)).toBeGreaterThanOrEqual(1);

    const settled = await scrapeUntil(t.http, (now) => now.value('palladium_payouts_finished_total', { environment: 'development' }) === before.value('palladium_payouts_finished_total', { environment: 'development' }) + 2);
    expect(settled.value('palladium_payouts_pending', sandbox) - before.value('palladium_payouts_pending', sandbox)).toBe(1);
    expect(settled.value('palladium_payouts_finished_total', finished('done')) - before.value('palladium_payouts_finished_total', finished('done'))).toBe(1);
    expect(settled.value('palladium_payouts_finished_total', finished('failed')) - before.value('palladium_payouts_finished_total', finished('failed'))).toBe(1);
    expect(settled.value('palladium_payouts_pending', { environment: 'production' })).toBe(0);
  });

  it('settlement: payments settled, the run duration and the last completed business date', async () => {
    // Production payments, as a provider's notifications record them (development ones settle by themselves),
    // received before yesterday's cutoff, so yesterday's run settles them.
    const merchant = await t.createMerchant();
    const va = await productionVirtualAccount(t, merchant.id);
    const businessDate = jakartaDate(Date.now() - DAY_MS);
    await recordPayments(t, [10_000, 20_000, 30_000].map((amount) => ({ resourceId: va, amount, paidAt: new Date(`${businessDate}T09:00:00+07:00`) })));
    const production = { environment: 'production' };
    const before = await scrape(t.http);
    expect(before.has('palladium_settlement_last_completed_business_date_timestamp_seconds')).toBe(false);

    const run = (await t.http.post('/admin/settlement-runs').set(adminAuth).send({ date: businessDate }).expect(200)).body;
    expect(run).toMatchObject({ environment: 'production', status: 'completed', payments_count: 3 });

    const after = await scrape(t.http);
    expect(after.value('palladium_settlement_payments_settled_total', production) - before.value('palladium_settlement_payments_settled_total', production)).toBe(3);
    expect(after.value('palladium_settlement_run_duration_seconds_count', production) - before.value('palladium_settlement_run_duration_seconds_count', production)).toBe(1);
    expect(after.value('palladium_settlement_run_duration_seconds_sum', production)).toBeGreaterThan(0);
    expect(after.value('palladium_settlement_last_completed_business_date_timestamp_seconds', production)).toBe(Date.parse(`${businessDate}T00:00:00Z`) / 1000);
    expect(after.has('palladium_settlement_last_completed_business_date_timestamp_seconds', { environment: 'development' })).toBe(false);
  });

  it('ledger check: no sample until a check runs, then 1 when it adds up and 0 with the count of differences when not', async () => {
    expect((await scrape(t.http)).has('palladium_ledger_check_ok')).toBe(false);
    const checked = await t.http.get('/admin/ledger/check').set(adminAuth).expect(200);
    expect(checked.body.ok).toBe(true);
    const ok = await scrape(t.http);
    expect(ok.value('palladium_ledger_check_ok')).toBe(1);
    expect(ok.value('palladium_ledger_check_differences')).toBe(0);
    expect(Math.abs(ok.value('palladium_ledger_check_last_run_timestamp_seconds') - Date.now() / 1000)).toBeLessThan(30);

    const merchant = await fundedMerchant(5_000);
    const [{ id: account }] = await t.sql<{ id: string }>('SELECT id FROM ledger_accounts WHERE code = $1', [`merchant:${merchant.id}:development:disburse`]);
    await t.sql('UPDATE ledger_accounts SET credits_posted = credits_posted + 5 WHERE id = $1', [account]);
    try {
      expect((await t.http.get('/admin/ledger/check').set(adminAuth).expect(200)).body.ok).toBe(false);
    } finally {
      await t.sql('UPDATE ledger_accounts SET credits_posted = credits_posted - 5 WHERE id = $1', [account]);
    }
    const failing = await scrape(t.http);
    expect(failing.value('palladium_ledger_check_ok')).toBe(0);
    expect(failing.value('palladium_ledger_check_differences')).toBe(1);

    await t.http.get('/admin/ledger/check').set(adminAuth).expect(200);
    expect((await scrape(t.http)).value('palladium_ledger_check_ok')).toBe(1);
  });

  it("database pool: connections in use and requests waiting for one, out of DATABASE_POOL_SIZE", async () => {
    const idle = await scrape(t.http);
    expect(idle.value('palladium_db_pool_connections_max')).toBe(10);
    expect(idle.value('palladium_db_pool_waiting_requests')).toBe(0);

    // Fourteen one-second queries on a pool of ten: ten run, four wait.
    const sleeping = Promise.all(Array.from({ length: 14 }, () => t.sql('SELECT pg_sleep(1)')));
    await sleep(300);
    const busy = await scrape(t.http);
    await sleeping;
    expect(busy.value('palladium_db_pool_connections_in_use')).toBe(10);
    expect(busy.value('palladium_db_pool_waiting_requests')).toBeGreaterThanOrEqual(4);

    const after = await scrapeUntil(t.http, (now) => now.value('palladium_db_pool_waiting_requests') === 0);
    expect(after.value('palladium_db_pool_connections_in_use')).toBeLessThan(10);
  });

  /** A development merchant whose disburse wallet holds `amount` (sandbox top-ups are approved at once). */
  async function fundedMerchant(amount: number): Promise<CreatedMerchantView> {
    const merchant = await t.createMerchant();
    await t.http.post('/api/v2/top-ups').set(bearer(merchant.api_keys.development)).send({ amount, transfer_reference: `fund-${merchant.id}` }).expect(201);
    return merchant;
  }
});

import { Scrape, scrape, scrapeUntil } from './support/metrics';
import { eventually, ProviderWorld, startProviderWorld } from './support/provider-world';
import { adminAuth } from './support/test-app';
import { sleep } from './support/wait';

jest.setTimeout(180_000);

/** Duitku sandbox accounts: a transfer that succeeds, one refused with -510 (no money moved: fails over), one in doubt (TO). */
const SUCCEEDS = '8760673566';
const FAILS_OVER = '8760673562';
const IN_DOUBT = '8760673561';

const payout = (accountNumber: string, amount: number, externalId: string) => ({
  bank_code: 'BCA', account_name: 'Test Account', account_number: accountNumber, description: 'Metrics', external_id: externalId, amount,
});

/**
 * GET /metrics in production against fake Xendit and Duitku (README "Monitoring"): provider
 * calls by provider, operation and outcome with their latency, payouts by stage and payouts
 * in doubt. The development sandbox's metrics: test/metrics.e2e-spec.ts.
 */
describe('GET /metrics with upstream providers', () => {
  let w: ProviderWorld;

  beforeAll(async () => {
    w = await startProviderWorld({ env: { DISBURSEMENT_PROVIDERS: 'duitku,xendit', PROVIDER_STATUS_POLL_SCHEDULE: '0.2' } });
  });
  afterAll(async () => w.close());

  const disburse = async (accountNumber: string, amount: number, externalId: string) =>
    (await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(payout(accountNumber, amount, externalId)).expect(200)).body.id as string;
  const finalOf = (id: string) =>
    eventually(async () => (await w.t.http.get(`/api/v2/disbursements/${id}`).set(w.auth)).body, (body) => body.status !== 'pending', 30_000);

  it('provider calls by provider, operation and outcome, with their latency', async () => {
    const before = await scrape(w.t.http);
    const change = (now: Scrape, name: string, labels: Record<string, string>) => now.value(name, labels) - before.value(name, labels);
    const calls = (provider: string, operation: string, outcome?: string) => ({ provider, operation, ...(outcome ? { outcome } : {}) });

    // A virtual account opened at Xendit while the merchant waits.
    await w.t.http
      .post('/api/v2/create-virtual-account')
      .set(w.auth)
      .send({ external_id: 'metrics-va', bank_code: 'BNI', name: 'PT Metrics', amount: 250_000, is_single_use: true })
      .expect(200);
    // Payouts through Duitku: one paid, one refused (-510) and failed over to Xendit, one whose transfer answer is lost.
    const paid = await disburse(SUCCEEDS, 70_000, 'metrics-paid');
    const failedOver = await disburse(FAILS_OVER, 80_000, 'metrics-failover');
    expect((await finalOf(paid)).status).toBe('done');
    expect((await finalOf(failedOver)).status).toBe('done');
    w.duitku.dropNextTransferResponse();
    const lost = await disburse(SUCCEEDS, 71_000, 'metrics-lost');
    expect((await finalOf(lost)).status).toBe('done');

    const after = await scrape(w.t.http);
    expect(change(after, 'palladium_provider_calls_total', calls('xendit', 'POST /callback_virtual_accounts', 'ok'))).toBe(1);
    expect(change(after, 'palladium_provider_calls_total', calls('xendit', 'POST /disbursements', 'ok'))).toBe(1);
    expect(change(after, 'palladium_provider_calls_total', calls('duitku', 'inquiry', 'ok'))).toBe(3);
    // Duitku answers -510 with HTTP 200: the call worked, the transfer was refused (that is the payout's business).
    expect(change(after, 'palladium_provider_calls_total', calls('duitku', 'transfer', 'ok'))).toBe(2);
    expect(change(after, 'palladium_provider_calls_total', calls('duitku', 'transfer', 'no_answer'))).toBe(1);
    expect(change(after, 'palladium_provider_calls_total', calls('duitku', 'inquirystatus', 'ok'))).toBeGreaterThanOrEqual(1);
    // Every call is timed, whatever its outcome.
    for (const [provider, operation] of [['xendit', 'POST /callback_virtual_accounts'], ['duitku', 'inquiry'], ['duitku', 'transfer']]) {
      const labels = calls(provider, operation);
      expect(change(after, 'palladium_provider_call_duration_seconds_count', labels)).toBe(change(after, 'palladium_provider_calls_total', labels));
      expect(after.value('palladium_provider_call_duration_seconds_sum', labels)).toBeGreaterThan(before.value('palladium_provider_call_duration_seconds_sum', labels));
    }
    // What the provider error-rate alert divides: failed calls over all calls.
    const failed = (now: Scrape) => ['server_error', 'unreachable', 'no_answer'].reduce((sum, outcome) => sum + now.value('palladium_provider_calls_total', { provider: 'duitku', outcome }), 0);
    expect(failed(after) - failed(before)).toBe(1);
    // No disbursement id, reference or account number becomes a label.
    for (const id of [paid, failedOver, lost, SUCCEEDS]) expect(after.text).not.toContain(id);
  });

  it('payouts in doubt: the count and the oldest age while the outcome is unknown, none once an operator resolves it', async () => {
    // Duitku answers "general error" to every status check: the transfer stays in doubt.
    w.duitku.scriptStatus(61_000, Array.from({ length: 10_000 }, () => 'EE'));
    const before = await scrape(w.t.http);
    expect(before.value('palladium_payouts_in_doubt')).toBe(0);
    expect(before.value('palladium_payouts_in_doubt_oldest_age_seconds')).toBe(0);

    const id = await disburse(IN_DOUBT, 61_000, 'metrics-in-doubt');
    // Sent (submitting), then answered "TO" (submitted): either way in doubt.
    const inDoubt = await scrapeUntil(
      w.t.http,
      (now) => now.value('palladium_payouts_in_doubt') === 1 && now.value('palladium_payouts_pending', { environment: 'production', stage: 'submitted' }) === 1,
    );
    expect(inDoubt.value('palladium_payouts_pending', { environment: 'production' })).toBe(1);
    await sleep(1500);
    const older = await scrape(w.t.http);
    expect(older.value('palladium_payouts_in_doubt')).toBe(1);
    expect(older.value('palladium_payouts_in_doubt_oldest_age_seconds')).toBeGreaterThanOrEqual(1.5);
    expect(older.value('palladium_payouts_in_doubt_oldest_age_seconds')).toBeGreaterThan(inDoubt.value('palladium_payouts_in_doubt_oldest_age_seconds'));
    // The age is what the "payout in doubt for over an hour" alert looks at.
    await w.t.sql(`UPDATE disbursements SET submitted_at = now() - interval '2 hours' WHERE id = $1`, [id]);
    expect((await scrape(w.t.http)).value('palladium_payouts_in_doubt_oldest_age_seconds')).toBeGreaterThan(3600);

    await w.t.http
      .post(`/admin/disbursements/${id}/resolution`)
      .set(adminAuth)
      .send({ status: 'done', reason: 'Duitku statement shows the transfer paid', resolved_by: 'Siti Rahma' })
      .expect(201);
    const resolved = await scrape(w.t.http);
    expect(resolved.value('palladium_payouts_in_doubt')).toBe(0);
    expect(resolved.value('palladium_payouts_in_doubt_oldest_age_seconds')).toBe(0);
    expect(resolved.value('palladium_payouts_pending', { environment: 'production' })).toBe(0);
    const done = { environment: 'production', status: 'done' };
    expect(resolved.value('palladium_payouts_finished_total', done) - before.value('palladium_payouts_finished_total', done)).toBe(1);
  });
});

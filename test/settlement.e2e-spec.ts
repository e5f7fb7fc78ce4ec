import { spawn } from 'node:child_process';
import { SettlementService } from '../src/settlement/settlement.service';
import { productionVirtualAccount, recordPayments } from './support/payments-fixtures';
import { PROJECT_ROOT } from './support/processes';
import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';

const DAY = 24 * 60 * 60 * 1000;
const jakartaDate = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
/** Two days ago in Jakarta: its 14:00 cutoff has certainly passed. */
const businessDate = jakartaDate(Date.now() - 2 * DAY);
const beforeCutoff = new Date(`${businessDate}T09:00:00+07:00`);
const afterCutoff = new Date(`${businessDate}T15:00:00+07:00`);

async function merchantsWithPayments(t: TestApp, merchants: number, paymentsEach: number) {
  const expected = new Map<string, { count: number; total: number; key: string }>();
  const payments: { resourceId: string; amount: number; paidAt: Date }[] = [];
  for (let m = 0; m < merchants; m++) {
    const merchant = await t.createMerchant();
    const va = await productionVirtualAccount(t, merchant.id);
    let total = 0;
    for (let i = 0; i < paymentsEach; i++) {
      const amount = 10_000 + m * 1_000 + i;
      total += amount;
      payments.push({ resourceId: va, amount, paidAt: beforeCutoff });
    }
    expected.set(merchant.id, { count: paymentsEach, total, key: merchant.api_keys.production });
  }
  await recordPayments(t, payments);
  return expected;
}

describe('daily settlement', () => {
  jest.setTimeout(300_000);

  it('settles 10,000 pending payments of 50 merchants in one run with exact per-merchant totals, once', async () => {
    const t = await startTestApp();
    try {
      const expected = await merchantsWithPayments(t, 50, 200);
      // Received after the cutoff: belongs to the next business day.
      const late = await t.createMerchant();
      await recordPayments(t, [{ resourceId: await productionVirtualAccount(t, late.id), amount: 5_000, paidAt: afterCutoff }]);

      const response = await t.http.post('/admin/settlement-runs').set(adminAuth).send({ date: businessDate }).expect(200);
      const run = response.body;
      expect(run).toMatchObject({ environment: 'production', business_date: businessDate, status: 'completed', trigger: 'operator', payments_count: 10_000 });
      expect(run.total_amount).toBe([...expected.values()].reduce((sum, m) => sum + m.total, 0));
      expect(run.merchants).toHaveLength(50);
      for (const row of run.merchants) {
        expect(row).toEqual({
          merchant_id: row.merchant_id,
          merchant_name: expect.stringMatching(/^PT Test/),
          payments_count: expected.get(row.merchant_id)!.count,
          total_amount: expected.get(row.merchant_id)!.total,
        });
      }
      for (const { total, key } of expected.values()) {
        expect((await t.http.get('/api/v2/me').set(bearer(key))).body.remaning_withdrawable_amount).toBe(total);
      }
      expect((await t.http.get('/api/v2/me').set(bearer(late.api_keys.production))).body.remaning_withdrawable_amount).toBe(0);
      expect(await t.sql("SELECT id FROM payments WHERE status = 'pending'")).toHaveLength(1);
      const [{ events }] = await t.sql<{ events: number }>("SELECT count(*)::int AS events FROM callback_events WHERE event_type = 'payment.settled'");
      expect(events).toBe(10_000);
      expect(await t.sql("SELECT id FROM virtual_accounts WHERE environment = 'production' AND status = 'done'")).toHaveLength(50);

      // The per-payment report streams all 10,000 in batches: each once, by merchant, adding up to the run's totals.
      const report = await t.http.get(`/admin/settlement-runs/${run.id}/report.csv?detail=payments`).set(adminAuth).expect(200);
      expect(report.headers['transfer-encoding']).toBe('chunked');
      const rows = report.text.trim().split('\n').slice(1).map((line: string) => line.split(','));
      expect(rows).toHaveLength(10_000);
      expect(new Set(rows.map((row: string[]) => row[4])).size).toBe(10_000);
      const merchantOrder = rows.map((row: string[]) => row[2]).filter((id: string, i: number, all: string[]) => i === 0 || all[i - 1] !== id);
      expect(merchantOrder).toEqual(run.merchants.map((m: { merchant_id: string }) => m.merchant_id));
      const reported = new Map<string, { count: number; total: number }>();
      for (const row of rows) {
        const sums = reported.get(row[2]) ?? { count: 0, total: 0 };
        reported.set(row[2], { count: sums.count + 1, total: sums.total + Number(row[8]) });
      }
      for (const [merchantId, { count, total }] of expected) expect(reported.get(merchantId)).toEqual({ count, total });

      // A second trigger for the same date changes nothing.
      const transfersBefore = await t.sql("SELECT count(*)::int AS n FROM ledger_transfers WHERE code = 'settlement'");
      const again = (await t.http.post('/admin/settlement-runs').set(adminAuth).send({ date: businessDate }).expect(200)).body;
      expect(again).toEqual(run);
      expect(await t.sql("SELECT count(*)::int AS n FROM ledger_transfers WHERE code = 'settlement'")).toEqual(transfersBefore);
      expect((await t.http.get('/admin/settlement-runs').set(adminAuth).expect(200)).body.map((r: { id: string }) => r.id)).toEqual([run.id]);
    } finally {
      await t.close();
    }
  });

  it('makes one run when triggered several times at once', async () => {
    const t = await startTestApp();
    try {
      const expected = await merchantsWithPayments(t, 5, 40);
      const settlement = t.app.get(SettlementService);
      const runs = await Promise.all(Array.from({ length: 5 }, () => settlement.run('production', businessDate, 'schedule')));
      expect(new Set(runs.map((r) => r.id)).size).toBe(1);
      await settlement.resumeUnfinished();
      const final = await settlement.get(runs[0].id);
      expect(final).toMatchObject({ status: 'completed', payments_count: 200 });
      expect(final.total_amount).toBe([...expected.values()].reduce((sum, m) => sum + m.total, 0));
      const [{ n }] = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM ledger_transfers WHERE code = 'settlement'");
      expect(n).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('finishes correctly when the settling process is killed half-way and run again', async () => {
    const t = await startTestApp();
    try {
      const expected = await merchantsWithPayments(t, 10, 200);
      // One operator runs it here (four eyes are tested in four-eyes-funding-settlement.e2e-spec).
      const env = { ...process.env, DATABASE_URL: t.databaseUrl, SETTLEMENT_BATCH_SIZE: '20', LOG_LEVEL: 'warn', FOUR_EYES_MIN_AMOUNT: String(Number.MAX_SAFE_INTEGER) };
      const cli = spawn('npm', ['run', '--silent', 'cli', '--', 'settlement:run', '--date', businessDate], { cwd: PROJECT_ROOT, env, detached: true });
      let exitCode: number | null = null;
      const exited = new Promise((resolve) => cli.on('exit', (code) => resolve((exitCode = code))));
      // Kill it (and npm's children) as soon as some batches have committed.
      let settled = 0;
      while (settled === 0) {
        if (exitCode !== null) throw new Error(`settlement:run ended (exit ${exitCode}) before any batch committed`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        settled = (await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM payments WHERE status = 'done'"))[0].n;
      }
      process.kill(-cli.pid!, 'SIGKILL');
      await exited;
      const [{ n: doneAtKill }] = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM payments WHERE status = 'done'");
      expect(doneAtKill).toBeGreaterThan(0);
      expect(doneAtKill).toBeLessThan(2_000);
      expect((await t.sql("SELECT status FROM settlement_runs"))[0]).toEqual({ status: 'running' });

      // Triggering again resumes the run; until the database notices the dead process and
      // frees its lock, a trigger only reports the run as still running.
      let resumed = { status: 'running' } as { status: string; merchants: { merchant_id: string; total_amount: number }[]; total_amount: number };
      for (let i = 0; i < 100 && resumed.status === 'running'; i++) {
        if (i) await new Promise((resolve) => setTimeout(resolve, 100));
        resumed = (await t.http.post('/admin/settlement-runs').set(adminAuth).send({ date: businessDate }).expect(200)).body;
      }
      expect(resumed).toMatchObject({ status: 'completed', payments_count: 2_000 });
      expect(resumed.total_amount).toBe([...expected.values()].reduce((sum, m) => sum + m.total, 0));
      for (const row of resumed.merchants) expect(row.total_amount).toBe(expected.get(row.merchant_id)!.total);
      const [{ n, distinct }] = await t.sql<{ n: number; distinct: number }>(
        "SELECT count(*)::int AS n, count(DISTINCT pending_id)::int AS distinct FROM ledger_transfers WHERE code = 'settlement'",
      );
      expect({ n, distinct }).toEqual({ n: 2_000, distinct: 2_000 });
    } finally {
      await t.close();
    }
  });

  it('refuses a date whose cutoff has not passed, and validates the date', async () => {
    const t = await startTestApp();
    try {
      const future = await t.http.post('/admin/settlement-runs').set(adminAuth).send({ date: jakartaDate(Date.now() + 2 * DAY) }).expect(409);
      expect(future.body.error_code).toBe('SETTLEMENT_CUTOFF_NOT_REACHED_ERROR');
      const bad = await t.http.post('/admin/settlement-runs').set(adminAuth).send({ date: '22-11-2026' }).expect(400);
      expect(bad.body.error_code).toBe('API_VALIDATION_ERROR');
      await t.http.get('/admin/settlement-runs/00000000-0000-0000-0000-000000000000').set(adminAuth).expect(404);
    } finally {
      await t.close();
    }
  });
});

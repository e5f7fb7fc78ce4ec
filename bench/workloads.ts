import { randomBytes } from 'node:crypto';
import { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import type { LoadResult, RequestTemplate } from './load';
import { runLoad, spawnTs } from './lib/children';
import type { BenchCluster } from './lib/cluster';
import { CpuMeter, peakRssMb, resetPeakRss } from './lib/proc';
import {
  disbursementScript,
  PAYMENT_RECORDING_SCRIPT,
  VA_INSERT_OUTBOX_SCRIPT,
  VA_INSERT_SCRIPT,
} from './lib/reference-sql';
import { REFERENCE_SETTLE_BATCH, SEED_STATEMENTS } from './lib/settlement-sql';
import { runReference } from './lib/sql-reference';
import type { AppServer } from './lib/server';

/** One side (app or reference) of one round. */
export interface Measure {
  throughput: number;
  p50Ms?: number;
  p99Ms?: number;
  serverCpu?: number;
  postgresCpu?: number;
  peakRssMb?: number;
  seconds?: number;
  note?: string;
}

export interface BenchOptions {
  rounds: number;
  durationMs: number;
  warmupMs: number;
  concurrency: number;
  quick: boolean;
  callbackBacklog: number;
  callbackMaxSeconds: number;
  settlementSizes: number[];
}

/** What a workload gets from the runner. */
export interface BenchContext {
  options: BenchOptions;
  cluster: BenchCluster;
  adminToken: string;
  log(message: string): void;
  /** The server with these settings (restarted when they differ from the running one's). */
  server(env?: Record<string, string>): Promise<AppServer>;
  stopServer(): Promise<void>;
}

export interface Reference {
  label: string;
  run(round: number): Promise<Measure>;
}

export interface Prepared {
  app(round: number): Promise<Measure>;
  references: Reference[];
  /** Extra rows measured once after the rounds (e.g. latency at half the max rate). */
  after?(appMedian: number): Promise<{ label: string; measure: Measure; target?: string }[]>;
  cleanup?(): Promise<void>;
}

export interface Workload {
  name: string;
  title: string;
  appLabel: string;
  /** The issue's target for app / first reference. */
  target?: string;
  prepare(ctx: BenchContext): Promise<Prepared>;
}

interface Merchant {
  id: string;
  api_keys: { development: string; production: string };
}

async function call<T>(baseUrl: string, method: string, path: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function createMerchants(ctx: BenchContext, count: number, label: string): Promise<Merchant[]> {
  const server = await ctx.server();
  const run = randomBytes(3).toString('hex');
  const merchants: Merchant[] = [];
  for (let i = 0; i < count; i++) {
    merchants.push(
      await call<Merchant>(server.baseUrl, 'POST', '/admin/merchants', ctx.adminToken, {
        name: `Bench ${label} ${i}`,
        email: `bench-${label}-${run}-${i}@bench.local`,
      }),
    );
  }
  return merchants;
}

async function fundDisburseWallets(ctx: BenchContext, merchants: Merchant[]): Promise<void> {
  const server = await ctx.server();
  for (const merchant of merchants) {
    await call(server.baseUrl, 'POST', '/api/v2/top-ups', merchant.api_keys.development, {
      amount: 1_000_000_000_000,
      transfer_reference: `bench-${randomBytes(6).toString('hex')}`,
    });
  }
}

const json = { 'Content-Type': 'application/json' };

/** Runs the load generator against the server, with CPU readings of the server and PostgreSQL. */
async function loadApp(ctx: BenchContext, templates: RequestTemplate[], rate?: number): Promise<Measure> {
  const server = await ctx.server();
  const meter = new CpuMeter(server.pid, ctx.cluster.postmasterPid);
  const result: LoadResult = await runLoad({
    baseUrl: server.baseUrl,
    concurrency: ctx.options.concurrency,
    durationMs: ctx.options.durationMs,
    warmupMs: ctx.options.warmupMs,
    templates,
    ratePerSecond: rate,
  });
  const cpu = meter.stop();
  if (result.ok === 0 || result.failed > result.ok / 100) {
    throw new Error(`${result.failed} of ${result.ok + result.failed} requests failed: ${result.firstError}`);
  }
  return {
    throughput: result.throughput,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    ...cpu,
    note: result.failed ? `${result.failed} failed: ${result.firstError?.slice(0, 120)}` : undefined,
  };
}

function sqlReference(ctx: BenchContext, label: string, script: string): Reference {
  return {
    label,
    async run() {
      const meter = new CpuMeter(undefined, ctx.cluster.postmasterPid);
      const result = await runReference(ctx.cluster.url, script, ctx.options.concurrency, ctx.options.durationMs);
      return { throughput: result.throughput, p50Ms: result.p50Ms, p99Ms: result.p99Ms, ...meter.stop(), note: result.tool };
    },
  };
}

function disbursementTemplates(merchants: Merchant[]): RequestTemplate[] {
  return merchants.map((merchant) => ({
    method: 'POST',
    path: '/api/v2/create-disbursement',
    headers: { ...json, Authorization: `Bearer ${merchant.api_keys.development}` },
    body: JSON.stringify({
      bank_code: 'BNI',
      account_name: 'Bench Recipient',
      account_number: '1234567890',
      description: 'Bench payout',
      external_id: 'bench-{{n}}',
      amount: 20000,
    }),
  }));
}

function disbursements(merchantCount: number): Workload {
  const one = merchantCount === 1;
  return {
    name: one ? 'disbursements-1' : 'disbursements-50',
    title: `create-disbursement, ${one ? 'one merchant' : `${merchantCount} merchants`}`,
    appLabel: 'POST /api/v2/create-disbursement',
    target: one ? '≥ 1.0' : '≥ 0.5',
    async prepare(ctx) {
      const merchants = await createMerchants(ctx, merchantCount, one ? 'd1' : 'd50');
      await fundDisburseWallets(ctx, merchants);
      const templates = disbursementTemplates(merchants);
      return {
        app: () => loadApp(ctx, templates),
        references: [
          sqlReference(
            ctx,
            one ? 'hot row: UPDATE one account + INSERT transfer' : `UPDATE one of ${merchantCount} accounts + INSERT transfer`,
            disbursementScript(merchantCount),
          ),
        ],
      };
    },
  };
}

const paymentRecording: Workload = {
  name: 'payment-recording',
  title: 'sandbox payment recording, 50 merchants',
  appLabel: 'POST /api/v2/simulate/virtual-accounts/:id/pay',
  target: '≥ 0.5',
  async prepare(ctx) {
    const merchants = await createMerchants(ctx, 50, 'pay');
    const server = await ctx.server();
    const templates: RequestTemplate[] = [];
    for (const merchant of merchants) {
      for (let i = 0; i < 4; i++) {
        const va = await call<{ id: string }>(server.baseUrl, 'POST', '/api/v2/create-virtual-account', merchant.api_keys.development, {
          bank_code: 'BNI',
          name: 'Bench Payer',
          is_single_use: false,
          amount: 10000,
          external_id: `bench-va-${i}`,
        });
        templates.push({
          method: 'POST',
          path: `/api/v2/simulate/virtual-accounts/${va.id}/pay`,
          headers: { ...json, Authorization: `Bearer ${merchant.api_keys.development}` },
          body: '{}',
        });
      }
    }
    // Spread the merchants over the connections as a random mix would.
    templates.sort(() => Math.random() - 0.5);
    return {
      app: () => loadApp(ctx, templates),
      references: [sqlReference(ctx, "record()'s statements without the shared clearing-account row", PAYMENT_RECORDING_SCRIPT)],
    };
  },
};

const virtualAccounts: Workload = {
  name: 'virtual-accounts',
  title: 'create-virtual-account, 50 merchants',
  appLabel: 'POST /api/v2/create-virtual-account',
  target: '≥ 0.5 (vs INSERT + outbox)',
  async prepare(ctx) {
    const merchants = await createMerchants(ctx, 50, 'va');
    const templates: RequestTemplate[] = merchants.map((merchant) => ({
      method: 'POST',
      path: '/api/v2/create-virtual-account',
      headers: { ...json, Authorization: `Bearer ${merchant.api_keys.development}` },
      body: JSON.stringify({ bank_code: 'BNI', name: 'Bench Merchant', is_single_use: true, amount: 10000, external_id: 'bench-{{n}}' }),
    }));
    return {
      app: () => loadApp(ctx, templates),
      references: [
        sqlReference(ctx, 'INSERT + outbox INSERT', VA_INSERT_OUTBOX_SCRIPT),
        sqlReference(ctx, 'single INSERT', VA_INSERT_SCRIPT),
      ],
      async after(appMedian) {
        const rate = Math.max(1, Math.floor(appMedian / 2));
        const measure = await loadApp(ctx, templates, rate);
        return [{ label: `create-virtual-account at half its max rate (${rate}/s)`, measure, target: 'p99 < 20 ms' }];
      },
    };
  },
};

/** Business date `daysAgo` days back (UTC calendar): its 14:00 Jakarta cutoff has long passed. */
function pastDate(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

let seedCounter = 0;

async function seedPendingPayments(ctx: BenchContext, merchantIds: string[], count: number, paidAt: Date): Promise<void> {
  seedCounter += 1;
  const tag = `bench${process.pid}s${seedCounter}${randomBytes(3).toString('hex')}`;
  const accountBase = 1_000_000_000_000 + (Date.now() % 1_000_000) * 10_000_000 + seedCounter * 2_000_000;
  const client = new Client({ connectionString: ctx.cluster.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const statement of SEED_STATEMENTS) await client.query(...onlyUsedParameters(statement, [count, tag, merchantIds, accountBase, paidAt]));
    await client.query('COMMIT');
    await client.query('ANALYZE payments, virtual_accounts, ledger_transfers, ledger_entries, ledger_accounts');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** PostgreSQL must be able to type every parameter: each statement gets only those it uses, renumbered. */
function onlyUsedParameters(sql: string, parameters: unknown[]): [string, unknown[]] {
  const used = [...new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  const renumbered = sql.replace(/\$(\d+)/g, (_, n: string) => `$${used.indexOf(Number(n)) + 1}`);
  return [renumbered, used.map((n) => parameters[n - 1])];
}

function settlement(size: number): Workload {
  const label = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`;
  return {
    name: `settlement-${label}`,
    title: `settlement of ${size.toLocaleString('en-US')} pending payments`,
    appLabel: 'POST /admin/settlement-runs (1,000 per batch)',
    target: '≤ 2× reference time (≥ 0.5), peak RSS < 300 MB',
    async prepare(ctx) {
      const merchants = await createMerchants(ctx, 20, `settle${label}`);
      const merchantIds = merchants.map((m) => m.id);
      let day = 3 + Math.floor(Math.random() * 1000);
      return {
        async app() {
          const date = pastDate((day += 1));
          const paidAt = new Date(`${date}T00:00:00Z`);
          await seedPendingPayments(ctx, merchantIds, size, paidAt);
          const server = await ctx.server();
          const rssReset = resetPeakRss(server.pid);
          const meter = new CpuMeter(server.pid, ctx.cluster.postmasterPid);
          const started = performance.now();
          const response = await fetch(`${server.baseUrl}/admin/settlement-runs`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${ctx.adminToken}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ date, environment: 'production' }),
            signal: AbortSignal.timeout(3_600_000),
          });
          const body = (await response.json()) as { payments_count?: number; status?: string };
          const seconds = (performance.now() - started) / 1000;
          if (!response.ok || body.payments_count !== size) {
            throw new Error(`settlement answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
          }
          return {
            throughput: size / seconds,
            seconds,
            peakRssMb: peakRssMb(server.pid),
            ...meter.stop(),
            note: rssReset ? undefined : 'peak RSS since server start',
          };
        },
        references: [
          {
            label: 'set-based SQL, 1,000 per batch, one pg client',
            async run() {
              const date = pastDate((day += 1));
              const paidAt = new Date(`${date}T00:00:00Z`);
              await seedPendingPayments(ctx, merchantIds, size, paidAt);
              const client = new Client({ connectionString: ctx.cluster.url });
              await client.connect();
              const meter = new CpuMeter(undefined, ctx.cluster.postmasterPid);
              const started = performance.now();
              let total = 0;
              try {
                for (;;) {
                  const [{ settled }] = (await client.query(REFERENCE_SETTLE_BATCH, [new Date(paidAt.getTime() + 3_600_000), 1000])).rows as { settled: number }[];
                  total += settled;
                  if (!settled) break;
                }
              } finally {
                await client.end();
              }
              const seconds = (performance.now() - started) / 1000;
              if (total !== size) throw new Error(`the reference settled ${total} of ${size}`);
              return { throughput: size / seconds, seconds, ...meter.stop() };
            },
          },
        ],
      };
    },
  };
}

interface ReceiverStats {
  unique: number;
  total: number;
  firstMs: number;
  lastMs: number;
}

class Receiver {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static start(): Promise<Receiver> {
    return new Promise((resolve, reject) => {
      const child = spawnTs('receiver.ts');
      let output = '';
      child.stdout!.on('data', (chunk) => {
        output += chunk;
        const port = /listening (\d+)/.exec(output)?.[1];
        if (port) resolve(new Receiver(child, `http://127.0.0.1:${port}`));
      });
      child.stderr!.on('data', (chunk) => (output += chunk));
      child.on('exit', (code) => reject(new Error(`the receiver exited with ${code}: ${output}`)));
    });
  }

  async stats(): Promise<ReceiverStats> {
    return (await (await fetch(`${this.url}/stats`)).json()) as ReceiverStats;
  }

  async reset(): Promise<void> {
    await fetch(`${this.url}/reset`, { method: 'POST' });
  }

  stop(): void {
    this.child.kill('SIGTERM');
  }
}

function callbacks(merchantCount: number): Workload {
  const one = merchantCount === 1;
  return {
    name: one ? 'callbacks-1' : 'callbacks-16',
    title: `callback delivery, ${one ? 'one merchant' : `${merchantCount} merchants`}`,
    appLabel: 'callback worker draining a backlog (events/s)',
    target: one ? '≥ 500 events/s (absolute)' : '≥ 2,000 events/s (absolute)',
    async prepare(ctx) {
      const receiver = await Receiver.start();
      try {
        await ctx.server({ CALLBACK_WORKER_ENABLED: 'false' });
        const merchants = await createMerchants(ctx, merchantCount, one ? 'cb1' : 'cb16');
        const server = await ctx.server({ CALLBACK_WORKER_ENABLED: 'false' });
        for (const [i, merchant] of merchants.entries()) {
          await call(server.baseUrl, 'PUT', '/api/v2/callback-urls', merchant.api_keys.development, {
            'virtual_account.created': `${receiver.url}/merchant-${i}`,
          });
          await call(server.baseUrl, 'POST', '/api/v2/create-virtual-account', merchant.api_keys.development, {
            bank_code: 'BNI',
            name: 'Bench Callback',
            is_single_use: true,
            amount: 10000,
            external_id: 'bench-callback-template',
          });
        }
        const templates = await ctx.cluster.query<{ id: string; body: string }>(
          `SELECT id, body FROM callback_events WHERE merchant_id = ANY($1) AND event_type = 'virtual_account.created'`,
          [merchants.map((m) => m.id)],
        );
        if (templates.length !== merchantCount) throw new Error(`expected ${merchantCount} template events, found ${templates.length}`);
        const backlog = ctx.options.callbackBacklog;
        const perMerchant = Math.ceil(backlog / merchantCount);
        return {
          async app(round) {
            await ctx.stopServer();
            // Copies of each merchant's event, whatever columns the outbox has today.
            await ctx.cluster.query(
              `INSERT INTO callback_events
               SELECT (jsonb_populate_record(NULL::callback_events, to_jsonb(e) || jsonb_build_object(
                 'id', e.id || '_' || $3 || '_' || g, 'status', 'pending', 'next_attempt_at', now(), 'attempt_count', 0,
                 'leased_until', NULL, 'lease_id', NULL, 'delivered_at', NULL))).*
               FROM callback_events e, generate_series(1, $2) g WHERE e.id = ANY($1)`,
              [templates.map((t) => t.id), perMerchant, `r${round}${randomBytes(2).toString('hex')}`],
            );
            await ctx.cluster.query('ANALYZE callback_events');
            // The template events themselves are delivered in the first round.
            const expected = perMerchant * merchantCount + (round === 0 ? merchantCount : 0);
            await receiver.reset();
            const live = await ctx.server({ CALLBACK_WORKER_ENABLED: 'true' });
            const meter = new CpuMeter(live.pid, ctx.cluster.postmasterPid);
            const deadline = performance.now() + ctx.options.callbackMaxSeconds * 1000;
            let stats = await receiver.stats();
            while (stats.unique < expected && performance.now() < deadline) {
              await new Promise((resolve) => setTimeout(resolve, 250));
              stats = await receiver.stats();
            }
            const cpu = meter.stop();
            await ctx.stopServer();
            if (stats.unique < 2) throw new Error(`only ${stats.unique} of ${expected} events delivered`);
            const seconds = (stats.lastMs - stats.firstMs) / 1000;
            return {
              throughput: (stats.unique - 1) / seconds,
              seconds,
              ...cpu,
              note: stats.unique < expected ? `stopped after ${ctx.options.callbackMaxSeconds} s: ${stats.unique} of ${expected} delivered` : `${stats.unique} delivered`,
            };
          },
          references: [
            {
              label: "the local receiver's own capacity (same concurrency)",
              async run() {
                const result = await runLoad({
                  baseUrl: receiver.url,
                  concurrency: ctx.options.concurrency,
                  durationMs: ctx.options.durationMs,
                  warmupMs: ctx.options.warmupMs,
                  templates: [{ method: 'POST', path: '/capacity', headers: json, body: templates[0].body }],
                });
                await receiver.reset();
                return { throughput: result.throughput, p50Ms: result.p50Ms, p99Ms: result.p99Ms };
              },
            },
          ],
          async cleanup() {
            receiver.stop();
            await ctx.stopServer();
          },
        };
      } catch (error) {
        receiver.stop();
        throw error;
      }
    },
  };
}

export function allWorkloads(options: BenchOptions): Workload[] {
  return [
    disbursements(1),
    disbursements(50),
    paymentRecording,
    virtualAccounts,
    ...options.settlementSizes.map(settlement),
    callbacks(16),
    callbacks(1),
  ];
}

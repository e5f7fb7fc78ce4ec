/**
 * `npm run bench`: Palladium's benchmark suite (issue 12). See BENCHMARKS.md.
 *
 * Starts its own embedded PostgreSQL, builds the working tree into .bench/app and runs it as
 * a real server process (NODE_ENV=production, request logging on, rate limits out of the
 * way), then, per workload, runs the app over HTTP and the matching raw-database reference
 * alternately (A B A B …) and prints medians, p50/p99 and the ratio. Never run by CI.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT } from './lib/children';
import { freePort } from '../test/support/free-port';
import { BenchCluster } from './lib/cluster';
import { pgbenchPath } from './lib/sql-reference';
import { REFERENCE_SCHEMA } from './lib/reference-sql';
import { AppServer, buildApp, buildFromGit } from './lib/server';
import { fmt, median } from './lib/stats';
import { allWorkloads, BenchContext, BenchOptions, Measure } from './workloads';

interface Row {
  workload: string;
  app?: Measure[];
  reference?: { label: string; measures: Measure[] };
  target?: string;
  error?: string;
  /** A single measurement row (no reference), e.g. latency at a fixed rate. */
  single?: Measure;
}

const program = new Command()
  .name('npm run bench --')
  .description("Palladium's benchmarks: the app over HTTP vs the raw-database reference, alternately")
  .option('--only <names>', 'comma-separated workloads or prefixes (e.g. disbursements,virtual-accounts); see --list')
  .option('--list', 'list the workloads and exit')
  .option('--rounds <n>', 'A B rounds per workload', '3')
  .option('--duration <s>', 'seconds per measurement', '10')
  .option('--warmup <s>', 'seconds of load before each measurement counts', '2')
  .option('--concurrency <n>', 'concurrent requests / pgbench clients', '16')
  .option('--settlement <sizes>', 'pending payments per settlement workload', '100000,1000000')
  .option('--backlog <n>', 'queued callback events per delivery round', '20000')
  .option('--callback-max-seconds <s>', 'stop a delivery round after this long and report the rate so far', '120')
  .option('--quick', 'a short smoke run: 1 round of 3 s, settlement of 10,000, a backlog of 2,000')
  .option('--app <main.js>', 'run this built server instead of compiling the working tree into .bench/app')
  .option('--git <ref>', 'run the committed tree of this git ref (e.g. HEAD) instead of the working tree')
  .option('--overlay <paths>', 'with --git: comma-separated working-tree paths copied over that tree (your change alone)')
  .option('--server-env <list>', 'extra server environment, e.g. DATABASE_POOL_SIZE=20,LOG_LEVEL=warn')
  .option('--cpu-prof <dir>', 'run the server with --cpu-prof, writing profiles to this directory')
  .option('--markdown <file>', 'also write the result tables as markdown to this file');

async function main(): Promise<void> {
  program.parse();
  const cli = program.opts<Record<string, string | boolean | undefined>>();
  const quick = Boolean(cli.quick);
  const options: BenchOptions = {
    rounds: quick ? 1 : Number(cli.rounds),
    durationMs: (quick ? 3 : Number(cli.duration)) * 1000,
    warmupMs: (quick ? 1 : Number(cli.warmup)) * 1000,
    concurrency: Number(cli.concurrency),
    quick,
    callbackBacklog: quick ? 2000 : Number(cli.backlog),
    callbackMaxSeconds: quick ? 30 : Number(cli.callbackMaxSeconds),
    settlementSizes: quick ? [10_000] : String(cli.settlement).split(',').map(Number),
  };
  const workloads = allWorkloads(options);
  if (cli.list) {
    for (const w of workloads) console.log(`${w.name.padEnd(20)} ${w.title}`);
    return;
  }
  const only = typeof cli.only === 'string' ? cli.only.split(',').map((s) => s.trim()) : undefined;
  const selected = only ? workloads.filter((w) => only.some((o) => w.name === o || w.name.startsWith(o))) : workloads;
  if (!selected.length) throw new Error(`no workload matches ${cli.only} (see --list)`);

  const log = (message: string) => console.error(`[bench] ${message}`);
  const runDir = path.join(PROJECT_ROOT, '.bench', `run-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(runDir, { recursive: true });
  let mainJs: string;
  let label = `${gitLabel()}`;
  if (typeof cli.app === 'string') {
    mainJs = path.resolve(cli.app);
    label = `${cli.app} (prebuilt)`;
  } else if (typeof cli.git === 'string') {
    const overlay = typeof cli.overlay === 'string' ? cli.overlay.split(',').filter(Boolean) : [];
    log(`Compiling ${cli.git}${overlay.length ? ` + ${overlay.join(', ')}` : ''} into .bench/`);
    mainJs = buildFromGit(cli.git, overlay);
    label = `${gitCommit(cli.git)} (committed tree${overlay.length ? ` + working-tree ${overlay.join(', ')}` : ''})`;
  } else {
    log('Compiling the working tree into .bench/app');
    mainJs = buildApp();
  }
  const serverEnv: Record<string, string> = Object.fromEntries(
    (typeof cli.serverEnv === 'string' ? cli.serverEnv.split(',') : []).filter(Boolean).map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const nodeArgs = typeof cli.cpuProf === 'string' ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cli.cpuProf)}`] : [];

  log('Starting the bench\'s embedded PostgreSQL');
  const cluster = await BenchCluster.start((message) => log(message));
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  let server: AppServer | undefined;
  let serverKey = '';
  const ctx: BenchContext = {
    options,
    cluster,
    adminToken,
    log,
    async server(env = {}) {
      const merged = { ...serverEnv, ...env };
      const key = JSON.stringify(Object.entries(merged).sort());
      if (server && server.child.exitCode === null && key === serverKey) return server;
      await ctx.stopServer();
      server = await AppServer.start({
        mainJs,
        port: await freePort(),
        databaseUrl: cluster.url,
        adminToken,
        logFile: path.join(runDir, 'server.log'),
        env: merged,
        nodeArgs,
      });
      serverKey = key;
      return server;
    },
    async stopServer() {
      await server?.stop();
      server = undefined;
    },
  };

  const rows: Row[] = [];
  try {
    await cluster.query(REFERENCE_SCHEMA);
    for (const workload of selected) {
      log(`${workload.name}: ${workload.title}`);
      const row: Row = { workload: workload.title, target: workload.target };
      rows.push(row);
      let cleanup: (() => Promise<void>) | undefined;
      try {
        const prepared = await workload.prepare(ctx);
        cleanup = prepared.cleanup;
        row.app = [];
        const referenceMeasures = prepared.references.map(() => [] as Measure[]);
        for (let round = 0; round < options.rounds; round++) {
          const app = await prepared.app(round);
          row.app.push(app);
          log(`  round ${round + 1} app: ${fmt(app.throughput)}/s p99 ${fmt(app.p99Ms, 1)} ms ${app.note ?? ''}`);
          for (const [i, reference] of prepared.references.entries()) {
            const measure = await reference.run(round);
            referenceMeasures[i].push(measure);
            log(`  round ${round + 1} reference (${reference.label}): ${fmt(measure.throughput)}/s`);
          }
        }
        row.reference = { label: prepared.references[0].label, measures: referenceMeasures[0] };
        for (const [i, reference] of prepared.references.entries()) {
          if (i === 0) continue;
          rows.push({ workload: `${workload.title} (also)`, app: row.app, reference: { label: reference.label, measures: referenceMeasures[i] } });
        }
        for (const extra of (await prepared.after?.(median(row.app.map((m) => m.throughput)))) ?? []) {
          rows.push({ workload: extra.label, single: extra.measure, target: extra.target });
        }
      } catch (error) {
        row.error = error instanceof Error ? error.message : String(error);
        log(`  failed: ${row.error}`);
      } finally {
        await cleanup?.().catch(() => undefined);
      }
    }
  } finally {
    await ctx.stopServer();
    await cluster.stop();
  }

  const markdown = report(rows, options, label);
  console.log(markdown);
  if (typeof cli.markdown === 'string') writeFileSync(cli.markdown, `${markdown}\n`);
  log(`server log: ${path.join(runDir, 'server.log')}`);
}

function gitCommit(ref: string): string {
  return execFileSync('git', ['rev-parse', '--short', ref], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
}

function gitLabel(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim() !== '';
    return `${commit}${dirty ? ' + working tree' : ''}`;
  } catch {
    return 'unknown commit';
  }
}

function report(rows: Row[], options: BenchOptions, label: string): string {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  const lines = [
    `Commit ${label}, ${new Date().toISOString().slice(0, 16)}Z; ${machine}; reference tool: ${pgbenchPath() ? 'pgbench' : 'pg client loop'}.`,
    `${options.rounds} round(s) A B; ${options.durationMs / 1000} s per measurement after ${options.warmupMs / 1000} s warm-up; concurrency ${options.concurrency}. Throughput: median over rounds (per-round values in brackets); latency: median of the rounds' p50 / p99. CPU: % of one core.`,
    '',
    '| workload | app /s | app p50 / p99 ms | server CPU | PostgreSQL CPU | reference | reference /s | ratio | target |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const throughput = (ms: Measure[]) => {
    const values = ms.map((m) => m.throughput);
    return values.length > 1 ? `${fmt(median(values))} (${values.map((v) => fmt(v)).join(', ')})` : fmt(values[0]);
  };
  const latency = (ms: Measure[]) =>
    ms.some((m) => m.p50Ms !== undefined) ? `${fmt(median(ms.map((m) => m.p50Ms ?? NaN)), 1)} / ${fmt(median(ms.map((m) => m.p99Ms ?? NaN)), 1)}` : '–';
  const cpu = (ms: Measure[], key: 'serverCpu' | 'postgresCpu') => (ms.some((m) => m[key] !== undefined) ? `${fmt(median(ms.map((m) => m[key] ?? NaN)))} %` : '–');
  for (const row of rows) {
    if (row.error) {
      lines.push(`| ${row.workload} | **error** | | | | ${row.error.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 300)} | | | ${row.target ?? ''} |`);
      continue;
    }
    if (row.single) {
      lines.push(`| ${row.workload} | ${fmt(row.single.throughput)} | ${latency([row.single])} | ${cpu([row.single], 'serverCpu')} | ${cpu([row.single], 'postgresCpu')} | | | | ${row.target ?? ''} |`);
      continue;
    }
    const app = row.app ?? [];
    const reference = row.reference?.measures ?? [];
    const ratio = median(app.map((m) => m.throughput)) / median(reference.map((m) => m.throughput));
    const extras = [
      app.some((m) => m.seconds !== undefined) ? `${fmt(median(app.map((m) => m.seconds ?? NaN)), 1)} s` : '',
      app.some((m) => m.peakRssMb !== undefined) ? `peak RSS ${fmt(Math.max(...app.map((m) => m.peakRssMb ?? NaN)))} MB` : '',
      ...new Set(app.map((m) => m.note).filter((n) => n && !/^\d+ delivered$/.test(n))),
    ].filter(Boolean);
    const refSeconds = reference.some((m) => m.seconds !== undefined) ? ` (${fmt(median(reference.map((m) => m.seconds ?? NaN)), 1)} s)` : '';
    lines.push(
      `| ${row.workload} | ${throughput(app)}${extras.length ? `; ${extras.join('; ')}` : ''} | ${latency(app)} | ${cpu(app, 'serverCpu')} | ${cpu(app, 'postgresCpu')} | ${row.reference?.label ?? ''} | ${throughput(reference)}${refSeconds} | ${fmt(ratio, 2)} | ${row.target ?? ''} |`,
    );
  }
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

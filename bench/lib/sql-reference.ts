import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { percentile, sortedLatencies } from './stats';

/**
 * The raw-database references: a pgbench custom script run with the workload's concurrency,
 * or, where pgbench is not installed, the same script run by a loop of `pg` clients (which
 * understands the subset of pgbench's script language the bench uses: `\set x random(a, b)`,
 * `\set x <arithmetic>`, `:x` substitution, SQL statements ending with `;`).
 */
export interface ReferenceResult {
  tool: 'pgbench' | 'pg loop';
  transactions: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
}

export function pgbenchPath(): string | undefined {
  if (process.env.BENCH_NO_PGBENCH) return undefined;
  try {
    return execFileSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function runReference(url: string, script: string, concurrency: number, durationMs: number): Promise<ReferenceResult> {
  const pgbench = pgbenchPath();
  return pgbench ? runPgbench(pgbench, url, script, concurrency, durationMs) : runPgLoop(url, script, concurrency, durationMs);
}

async function runPgbench(pgbench: string, url: string, script: string, concurrency: number, durationMs: number): Promise<ReferenceResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'palladium-pgbench-'));
  try {
    const file = path.join(dir, 'script.sql');
    writeFileSync(file, script);
    const parsed = new URL(url);
    const args = [
      '-n', '-M', 'prepared', '-c', String(concurrency), '-j', String(Math.min(concurrency, 2)),
      '-T', String(Math.max(1, Math.round(durationMs / 1000))), '-f', file, '--log', `--log-prefix=${path.join(dir, 'log')}`,
      '-h', parsed.hostname, '-p', parsed.port, '-U', decodeURIComponent(parsed.username), parsed.pathname.slice(1),
    ];
    const output = await new Promise<string>((resolve, reject) =>
      execFile(pgbench, args, { env: { ...process.env, PGPASSWORD: decodeURIComponent(parsed.password) }, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
        error ? reject(new Error(`pgbench failed: ${stderr.slice(-800) || error.message}`)) : resolve(stdout),
      ),
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
    const failed = /number of failed transactions: (\d+)/.exec(output);
    if (!tps) throw new Error(`pgbench printed no tps: ${output.slice(-500)}`);
    if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: ${failed[1]} failed transactions`);
    const latencies: number[] = [];
    for (const log of readdirSync(dir).filter((name) => name.startsWith('log'))) {
      for (const line of readFileSync(path.join(dir, log), 'utf8').split('\n')) {
        const fields = line.split(' ');
        if (fields.length > 2) latencies.push(Number(fields[2]) / 1000);
      }
    }
    const sorted = sortedLatencies(latencies);
    return { tool: 'pgbench', transactions: latencies.length, throughput: Number(tps[1]), p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Step = { set: string; expression: string } | { sql: string };

function parseScript(script: string): Step[] {
  const steps: Step[] = [];
  let sql = '';
  for (const line of script.split('\n')) {
    const set = /^\s*\\set\s+(\w+)\s+(.+)$/.exec(line);
    if (set) {
      steps.push({ set: set[1], expression: set[2].trim() });
      continue;
    }
    if (/^\s*(--.*)?$/.test(line)) continue;
    sql += `${line}\n`;
    if (line.trimEnd().endsWith(';')) {
      steps.push({ sql: sql.trim().replace(/;$/, '') });
      sql = '';
    }
  }
  return steps;
}

function evaluate(expression: string, variables: Map<string, number>): number {
  const substituted = expression.replace(/:(\w+)/g, (_, name: string) => String(variables.get(name) ?? 0));
  const random = /^random\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$/.exec(substituted);
  if (random) {
    const [low, high] = [Number(random[1]), Number(random[2])];
    return low + Math.floor(Math.random() * (high - low + 1));
  }
  if (!/^[\d\s+\-*/%()]+$/.test(substituted)) throw new Error(`unsupported \\set expression: ${expression}`);
  return Math.trunc(Number(new Function(`return (${substituted});`)()));
}

async function runPgLoop(url: string, script: string, concurrency: number, durationMs: number): Promise<ReferenceResult> {
  const steps = parseScript(script);
  const clients = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + durationMs;
  try {
    await Promise.all(
      clients.map(async (client, index) => {
        const variables = new Map<string, number>([['client_id', index]]);
        while (performance.now() < end) {
          const begin = performance.now();
          for (const step of steps) {
            if ('set' in step) variables.set(step.set, evaluate(step.expression, variables));
            else await client.query(step.sql.replace(/:(\w+)/g, (match, name: string) => (variables.has(name) ? String(variables.get(name)) : match)));
          }
          latencies.push(performance.now() - begin);
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = sortedLatencies(latencies);
  return { tool: 'pg loop', transactions: latencies.length, throughput: latencies.length / seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

/**
 * The load generator: a separate process (so it does not share a core's event loop with the
 * server or the bench) that runs a fixed number of concurrent HTTP request loops for a fixed
 * time and prints one JSON result line. Started by lib/load-client.ts with its plan on stdin.
 *
 * A plan is a list of request templates taken round robin; `{{n}}` in a path or body becomes
 * a number unique within the run (external ids and the like).
 */
import { randomBytes } from 'node:crypto';
import { Pool } from 'undici';
import { percentile, sortedLatencies } from './lib/stats';

export interface RequestTemplate {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadPlan {
  baseUrl: string;
  concurrency: number;
  durationMs: number;
  /** Requests started in the first warmupMs are sent but not counted. */
  warmupMs: number;
  templates: RequestTemplate[];
  /** Fixed arrival rate (requests per second over all connections) instead of as fast as possible. */
  ratePerSecond?: number;
}

export interface LoadResult {
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  seconds: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  firstError?: string;
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const pool = new Pool(plan.baseUrl, { connections: plan.concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  const prefix = randomBytes(4).toString('hex');
  let counter = 0;
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const countFrom = started + plan.warmupMs;
  const end = countFrom + plan.durationMs;

  const worker = async () => {
    while (performance.now() < end) {
      const slot = next++;
      if (plan.ratePerSecond) {
        const due = started + (slot * 1000) / plan.ratePerSecond;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (performance.now() >= end) break;
      }
      const template = plan.templates[slot % plan.templates.length];
      const n = `${prefix}${(counter++).toString(36)}`;
      const begin = performance.now();
      let status: string;
      let text = '';
      try {
        const response = await pool.request({
          method: template.method,
          path: template.path.replaceAll('{{n}}', n),
          headers: template.headers,
          body: template.body?.replaceAll('{{n}}', n),
        });
        status = String(response.statusCode);
        text = await response.body.text();
      } catch (error) {
        status = (error as { code?: string }).code ?? 'error';
        text = String(error);
      }
      const finished = performance.now();
      if (begin < countFrom || finished > end + 5_000) continue;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (/^2\d\d$/.test(status)) {
        ok += 1;
        latencies.push(finished - begin);
      } else {
        failed += 1;
        firstError ??= `${status} ${text.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  const seconds = (performance.now() - countFrom) / 1000;
  await pool.close();
  const sorted = sortedLatencies(latencies);
  return {
    ok,
    failed,
    statuses,
    seconds,
    throughput: ok / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    firstError,
  };
}

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const plan = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadPlan;
  const result = await run(plan);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

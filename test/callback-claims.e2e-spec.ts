import { DataSource } from 'typeorm';
import { CLAIM_EVENTS_SQL, LOCK_DUE_MERCHANTS_SQL } from '../src/callbacks/delivery/callback-delivery.service';
import { CallbackReceiver } from './support/callback-receiver';
import { startTestApp, TestApp } from './support/test-app';
import { pollUntil } from './support/wait';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

interface PlanNode {
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

/** Rows every node produced or threw away, over all loops: what the statement examined. */
function rowsExamined(node: PlanNode): number {
  const own = (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops'];
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsExamined(child), 0);
}

/** "<node type> <relation>" of every scan of a table (index scans name their index instead). */
function scansOf(node: PlanNode & { 'Node Type'?: string; 'Relation Name'?: string }): string[] {
  const own = node['Relation Name'] && /Scan/.test(node['Node Type'] ?? '') ? [`${node['Node Type']} ${node['Relation Name']}`] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)];
}

/** Seeds events with set-based SQL: `count` of them for `merchants` in turn, due `dueIn` from now. */
async function seed(t: TestApp, prefix: string, merchants: string[], count: number, dueIn: string, url = 'http://127.0.0.1:9/none'): Promise<void> {
  await t.sql(
    `INSERT INTO callback_urls (merchant_id, environment, event_type, url)
     SELECT m, 'development', 'payment.settled', $2 FROM unnest($1::uuid[]) m ON CONFLICT DO NOTHING`,
    [merchants, url],
  );
  await t.sql(
    `INSERT INTO callback_events (id, merchant_id, environment, event_type, resource_id, body, status, next_attempt_at, attempt_count)
     SELECT $2 || g, ($1::uuid[])[1 + g % cardinality($1::uuid[])], 'development', 'payment.settled', $2 || g,
            '{"id":"' || $2 || g || '","event":"payment.settled","data":{}}', 'pending',
            now() + $4::interval + g * interval '1 millisecond', CASE WHEN $4::interval > '0' THEN 2 ELSE 0 END
     FROM generate_series(1, $3) g`,
    [merchants, prefix, count, dueIn],
  );
}

describe('claiming due callbacks', () => {
  jest.setTimeout(180_000);

  it('costs the same with 10 or 200,000 events waiting (buffers and rows examined per claim)', async () => {
    const t = await startTestApp({ CALLBACK_WORKER_ENABLED: 'false', CALLBACK_MAX_IN_FLIGHT_PER_MERCHANT: '4' });
    try {
      const merchants = [(await t.createMerchant()).id, (await t.createMerchant()).id, (await t.createMerchant()).id];
      const dataSource = t.app.get(DataSource);

      /** EXPLAIN ANALYZE of exactly the worker's two claim statements, rolled back. */
      async function explainClaim(max: number) {
        const runner = dataSource.createQueryRunner();
        await runner.connect();
        try {
          await runner.startTransaction();
          const explain = async (sql: string, parameters: unknown[]) => {
            const [row] = await runner.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, parameters);
            return (row['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan;
          };
          const lock = await explain(LOCK_DUE_MERCHANTS_SQL, [NIL_UUID, max]);
          const locked = ((await runner.query(LOCK_DUE_MERCHANTS_SQL, [NIL_UUID, max])) as { merchant_id: string }[]).map((r) => r.merchant_id);
          const claim = await explain(CLAIM_EVENTS_SQL, [locked, max, 4, 15]);
          return {
            merchants: locked.length,
            claimed: claim['Actual Rows'],
            buffers: [lock, claim].reduce((sum, plan) => sum + plan['Shared Hit Blocks'] + plan['Shared Read Blocks'], 0),
            rows: rowsExamined(lock) + rowsExamined(claim),
            eventScans: [...scansOf(lock), ...scansOf(claim)].filter((scan) => scan.endsWith(' callback_events')),
          };
        } finally {
          await runner.rollbackTransaction();
          await runner.release();
        }
      }

      await seed(t, 'evt_small_', merchants, 10, '-1 minute');
      await t.sql('ANALYZE callback_events');
      const small = await explainClaim(16);
      expect(small).toMatchObject({ merchants: 3, claimed: 10 });

      // 150,000 retries not due for an hour, 50,000 due events of one merchant, and what
      // the first claim saw.
      await seed(t, 'evt_later_', merchants, 150_000, '1 hour');
      await seed(t, 'evt_due_', merchants.slice(0, 1), 50_000, '-2 hours');
      await t.sql('ANALYZE callback_events');
      const large = await explainClaim(16);
      // Each merchant gives at most CALLBACK_MAX_IN_FLIGHT_PER_MERCHANT (4) of its due events: 4 + 4 + 3.
      expect(large).toMatchObject({ merchants: 3, claimed: 11 });

      // The old claim counted and numbered the whole backlog: every one of the 200,000 rows
      // and thousands of buffers here. This one walks the merchants' index ranges, reads
      // at most the cap off the front of each, and updates the rows it claims (the buffers
      // are mostly index maintenance for those few rows, a btree descent each).
      expect(large.eventScans.filter((scan) => !scan.startsWith('Index'))).toEqual([]);
      for (const cost of [small, large]) {
        expect(cost.rows).toBeLessThan(500);
        expect(cost.buffers).toBeLessThan(400);
      }
    } finally {
      await t.close();
    }
  });

  it('serves a merchant with one event promptly beside one with a large backlog, holding the cap across two workers', async () => {
    const cap = 3;
    const receiver = await CallbackReceiver.start();
    receiver.respond((callback) => ({ status: 200, body: 'ok', delayMs: callback.path === '/big' ? 15 : 0 }));
    const env = { CALLBACK_MAX_IN_FLIGHT_PER_MERCHANT: String(cap), CALLBACK_CONCURRENCY: '16' };
    const first = await startTestApp({ ...env, CALLBACK_WORKER_ENABLED: 'false' });
    let second: TestApp | undefined;
    try {
      const big = (await first.createMerchant()).id;
      const small = (await first.createMerchant()).id;
      await seed(first, 'evt_big_', [big], 600, '-1 minute', receiver.url('/big'));
      second = await startTestApp({ ...env, DATABASE_URL: first.databaseUrl });
      await receiver.waitFor(() => receiver.on('/big').length >= 20);
      // The small merchant's event arrives behind 600 of the big one's.
      await seed(first, 'evt_one_', [small], 1, '0 seconds', receiver.url('/small'));
      await receiver.waitFor(() => receiver.on('/small').length === 1);
      expect(receiver.received.findIndex((callback) => callback.path === '/small')).toBeLessThan(300);

      await receiver.waitFor(() => receiver.on('/big').length >= 600, 60_000);
      const delivered = async () =>
        (
          await first.sql<{ n: number }>(`SELECT count(*)::int AS n FROM callback_events WHERE status = 'delivered' AND merchant_id = $1`, [big])
        )[0].n;
      await pollUntil(async () => (await delivered()) >= 600, { timeoutMs: 5_000 });
      expect(await delivered()).toBe(600);
      expect(new Set(receiver.on('/big').map((callback) => callback.headers['webhook-id'])).size).toBe(600);
      // Never more than the cap in flight to one merchant, over both instances.
      expect(receiver.maxConcurrent('/big')).toBeLessThanOrEqual(cap);
      expect(receiver.maxConcurrent('/big')).toBeGreaterThan(1);
    } finally {
      await second?.close();
      await first.close();
      await receiver.close();
    }
  });
});

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { freePort } from './support/free-port';
import { type CliResult, outcomeOf, PROJECT_ROOT, startServer } from './support/processes';
import { startTestApp } from './support/test-app';
import { createTestDatabase, databaseUrl, withServerClient } from './support/test-database';

/** Every migration this build ships, as TypeORM names them (class name: name + timestamp). */
const MIGRATIONS = readdirSync(path.join(PROJECT_ROOT, 'migrations'))
  .map((file) => /^(\d{13})-(\w+)\.ts$/.exec(file))
  .filter((match) => match !== null)
  .map(([, timestamp, name]) => `${name}${timestamp}`);

/**
 * `names` are all of MIGRATIONS in the order TypeORM applies them: by timestamp (migrations
 * sharing one come in either order).
 */
function expectEveryMigrationInOrder(names: unknown): void {
  expect([...(names as string[])].sort()).toEqual([...MIGRATIONS].sort());
  const timestamps = (names as string[]).map((name) => Number(name.slice(-13)));
  expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
}

/** A database with nothing in it (not cloned from the migrated template), dropped by `drop`. */
async function emptyDatabase(cleanups: (() => Promise<unknown>)[]): Promise<string> {
  const name = `palladium_probe_${randomBytes(6).toString('hex')}`;
  await withServerClient((client) => client.query(`CREATE DATABASE ${name}`));
  cleanups.push(() => withServerClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  return databaseUrl(name);
}

/** The JSON log lines of `output` (a server's or the migrate command's stdout) with this event. */
function events(output: string, event: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(`"event":"${event}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** `node dist/src/migrate.js` as a deployment runs it (here from the sources, like startServer). */
function migrate(url: string): Promise<CliResult> {
  return outcomeOf(
    spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/migrate.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'info' },
    }),
  );
}

describe('liveness and readiness probes', () => {
  jest.setTimeout(180_000);
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('MIGRATIONS_RUN=false: live 200, ready 503 naming the pending migrations until `migrate` applies them, then 200', async () => {
    expect(MIGRATIONS.length).toBeGreaterThan(20);
    const url = await emptyDatabase(cleanups);
    // Background workers would only fail against the missing schema until the migrations run.
    const t = await startTestApp({
      DATABASE_URL: url,
      MIGRATIONS_RUN: 'false',
      CALLBACK_WORKER_ENABLED: 'false',
      SANDBOX_WORKER_ENABLED: 'false',
      PROVIDER_WORKER_ENABLED: 'false',
    });
    cleanups.push(() => t.close());

    // Nothing was applied at boot: the database is empty.
    expect(await t.sql(`SELECT to_regclass('schema_migrations') AS present`)).toEqual([{ present: null }]);

    const live = await t.http.get('/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok', info: { process: { status: 'up' } }, error: {} });
    expect(live.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');

    const notReady = await t.http.get('/health/ready').expect(503);
    // terminus' body, not the API's error body.
    const pending = { status: 'down', message: `${MIGRATIONS.length} migration(s) not applied`, pending: expect.any(Array) };
    expect(notReady.body).toEqual({
      status: 'error',
      info: { database: { status: 'up' } },
      error: { migrations: pending },
      details: { database: { status: 'up' }, migrations: pending },
    });
    expectEveryMigrationInOrder(notReady.body.error.migrations.pending);
    // The old /health only asks the database, which answers.
    expect((await t.http.get('/health').expect(200)).body).toEqual({ status: 'ok', database: 'up' });

    // The deployment's separate step applies them, one log line per migration, by name.
    const applied = await migrate(url);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expectEveryMigrationInOrder(events(applied.stdout, 'migration.applied').map((line) => line.name));
    expect(events(applied.stdout, 'migration.applied')[0]).toMatchObject({ level: 30, msg: 'Migration applied' });

    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body).toEqual({
      status: 'ok',
      info: { database: { status: 'up' }, migrations: { status: 'up', applied: MIGRATIONS.length } },
      error: {},
      details: { database: { status: 'up' }, migrations: { status: 'up', applied: MIGRATIONS.length } },
    });

    // Run again: nothing to apply, and it says so.
    const again = await migrate(url);
    expect(again.code).toBe(0);
    expect(events(again.stdout, 'migration.applied')).toEqual([]);
    expect(events(again.stdout, 'migrations.up_to_date')).toEqual([expect.objectContaining({ migrations: MIGRATIONS.length, msg: 'No pending migrations' })]);

    // Only the migrations of this build count: one the database lacks makes it not ready again.
    await t.sql(`DELETE FROM schema_migrations WHERE name = $1`, [MIGRATIONS.at(-1)]);
    expect((await t.http.get('/health/ready').expect(503)).body.error.migrations.pending).toEqual([MIGRATIONS.at(-1)]);
    await t.sql(`INSERT INTO schema_migrations (timestamp, name) VALUES ($1, $2)`, [Number(MIGRATIONS.at(-1)!.slice(-13)), MIGRATIONS.at(-1)]);
    await t.http.get('/health/ready').expect(200);
  });

  it('a migration that fails is named, after the lines of those applied before it; the rest stay pending', async () => {
    const url = await emptyDatabase(cleanups);
    const name = new URL(url).pathname.slice(1);
    // A table in the way of the Approvals migration.
    await withServerClient((client) => client.query('CREATE TABLE approvals (id integer)'), name);

    const failed = await migrate(url);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^Migrating failed: Migration Approvals1763930000000 failed: relation "approvals" already exists/);
    const before = MIGRATIONS.filter((migration) => Number(migration.slice(-13)) < 1763930000000);
    expect(events(failed.stdout, 'migration.applied').map((line) => line.name).sort()).toEqual(before.sort());
    const recorded = await withServerClient((client) => client.query<{ name: string }>('SELECT name FROM schema_migrations'), name);
    expect(recorded.rows.map((row) => row.name).sort()).toEqual(before.sort());
  });

  it('a database outage: live stays 200, ready and /health answer 503', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const t = await startTestApp({ DATABASE_URL: database.url });
    cleanups.push(() => t.app.close());
    await t.http.get('/health/ready').expect(200);

    // The database goes away under the running app.
    await database.drop();

    await t.http.get('/health/live').expect(200);
    const ready = await t.http.get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({ status: 'error', error: { database: { status: 'down' }, migrations: { status: 'down' } } });
    expect(ready.body.error.migrations.message).toMatch(/^could not be checked: /);
    expect((await t.http.get('/health').expect(503)).body).toMatchObject({ error_code: 'SERVICE_UNAVAILABLE_ERROR' });
  });

  it('a server applies the migrations at boot logging each by name, and says when none is pending', async () => {
    const url = await emptyDatabase(cleanups);
    const env = { DATABASE_URL: url, PORT: String(await freePort()), NODE_ENV: 'development', DEMO_MERCHANT: 'false' };

    const first = await startServer(env);
    cleanups.push(() => first.stop());
    const applied = events(first.output(), 'migration.applied');
    expectEveryMigrationInOrder(applied.map((line) => line.name));
    expect(applied[0]).toMatchObject({ level: 30, context: 'Migrations', msg: 'Migration applied' });
    expect(events(first.output(), 'migrations.up_to_date')).toEqual([]);
    expect((await fetch(`${first.baseUrl}/health/ready`)).status).toBe(200);
    expect(await first.stop()).toBe(0);

    const second = await startServer(env);
    cleanups.push(() => second.stop());
    expect(events(second.output(), 'migration.applied')).toEqual([]);
    expect(events(second.output(), 'migrations.up_to_date')).toEqual([
      expect.objectContaining({ level: 30, context: 'Migrations', migrations: MIGRATIONS.length, msg: 'No pending migrations' }),
    ]);
    expect((await fetch(`${second.baseUrl}/health/ready`)).status).toBe(200);
    expect(await second.stop()).toBe(0);
  });
});

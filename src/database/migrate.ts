import { DataSource, MigrationExecutor, MigrationInterface, QueryRunner } from 'typeorm';
import { queryRows } from './query-rows';

/** Arbitrary constant: the advisory lock every instance takes to run migrations one at a time. */
const MIGRATION_LOCK_KEY = 7_305_210_001;

/** Where migration logs go: one structured line each (pino's `info(fields, message)` shape). */
export type MigrationLog = (fields: Record<string, unknown>, message: string) => void;

/**
 * Runs pending migrations while holding a session advisory lock, so several app instances
 * booting at once apply each migration exactly once; each migration runs in its own
 * transaction, on the session that holds the lock (one pooled connection is enough).
 * Logs every migration applied by name (`migration.applied`), or one line when there was
 * none to apply (`migrations.up_to_date`). When one fails, those applied before it are
 * still logged, and the error names the one that failed.
 */
export async function runMigrationsExclusively(dataSource: DataSource, log: MigrationLog = () => undefined): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const before = await pendingMigrations(dataSource, runner);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    let applied: string[];
    try {
      applied = (await executor.executePendingMigrations()).map((migration) => migration.name);
    } catch (error) {
      const stillPending = await pendingMigrations(dataSource, runner).catch(() => before);
      for (const name of before.filter((name) => !stillPending.includes(name))) log({ event: 'migration.applied', name }, 'Migration applied');
      const failed = stillPending[0];
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(failed ? `Migration ${failed} failed: ${reason}` : reason, { cause: error });
    }
    for (const name of applied) log({ event: 'migration.applied', name }, 'Migration applied');
    if (applied.length === 0) log({ event: 'migrations.up_to_date', migrations: dataSource.migrations.length }, 'No pending migrations');
    return applied;
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** A migration's name as TypeORM records it in the migrations table. */
function migrationName(migration: MigrationInterface): string {
  return migration.name ?? migration.constructor.name;
}

/** The timestamp TypeORM orders migrations by: the last 13 digits of the name. */
function migrationTimestamp(name: string): number {
  return Number(/(\d{13})$/.exec(name)?.[1] ?? 0);
}

/**
 * The app's migrations (migrations/, as loaded by the data source) that the database has
 * not recorded as applied, oldest first, read on `runner`'s session when given. Only reads:
 * a database without the migrations table has every migration pending.
 */
export async function pendingMigrations(dataSource: DataSource, runner?: QueryRunner): Promise<string[]> {
  const session = runner ?? dataSource;
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const [{ present }] = await queryRows<{ present: boolean }>(session, 'SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  const applied = present
    ? new Set((await queryRows<{ name: string }>(session, `SELECT name FROM ${dataSource.driver.escape(table)}`)).map((row) => row.name))
    : new Set<string>();
  return dataSource.migrations
    .map(migrationName)
    .filter((name) => !applied.has(name))
    .sort((a, b) => migrationTimestamp(a) - migrationTimestamp(b));
}

import type { DataSource } from 'typeorm';

/** Arbitrary constant: the advisory lock every instance takes to run migrations one at a time. */
const MIGRATION_LOCK_KEY = 7_305_210_001;

/**
 * Runs pending migrations while holding a session advisory lock, so several app instances
 * booting at once apply each migration exactly once; each migration runs in its own
 * transaction.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

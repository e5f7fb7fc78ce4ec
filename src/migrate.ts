import 'reflect-metadata';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig, InvalidConfigError } from './config/app-config';
import { buildDataSourceOptions } from './database/data-source-options';
import { runMigrationsExclusively } from './database/migrate';
import { resolveDatabase } from './database/resolve-database';

/**
 * Applies pending migrations and exits: the step of a deployment that sets MIGRATIONS_RUN=false
 * on its servers (`node dist/src/migrate.js`, in the image too). The same migrations, lock and
 * log lines as a server's boot (one `migration.applied` line per migration, JSON on stdout);
 * exits 0 when the database is up to date, 1 when configuration or a migration fails.
 */
async function migrate(): Promise<void> {
  const config = AppConfig.fromEnv();
  const logger = pino({ level: config.logLevel, base: { context: 'Migrations' } });
  const database = await resolveDatabase(config, { log: (message) => console.error(message) });
  try {
    const dataSource = await new DataSource(buildDataSourceOptions(database.url, 1)).initialize();
    try {
      await runMigrationsExclusively(dataSource, (fields, message) => logger.info(fields, message));
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await database.release();
  }
}

migrate().catch((error: unknown) => {
  console.error(error instanceof InvalidConfigError ? error.message : `Migrating failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

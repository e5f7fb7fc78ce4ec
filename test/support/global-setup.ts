import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { EmbeddedPostgresLauncher } from '../../src/database/embedded-postgres.launcher';
import { runMigrationsExclusively } from '../../src/database/migrate';
import { freePort } from './free-port';
import { databaseUrl, TEMPLATE_DATABASE, TEST_SERVER_URL_ENV, withServerClient } from './test-database';


/**
 * One PostgreSQL for the whole e2e run: DATABASE_URL's server when set (needs CREATEDB),
 * otherwise an embedded cluster in a temp dir. Migrations run once into a template
 * database; each test file clones it.
 */
export default async function globalSetup(): Promise<void> {
  // Jest calls this once per project that names it (module and e2e tiers): set up only once.
  if ((globalThis as Record<string, unknown>).__palladiumTestSetUp) return;
  (globalThis as Record<string, unknown>).__palladiumTestSetUp = true;
  if (process.env.DATABASE_URL) {
    process.env[TEST_SERVER_URL_ENV] = process.env.DATABASE_URL;
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'palladium-test-'));
    const launcher = new EmbeddedPostgresLauncher(dataDir, await freePort(), { log: () => undefined });
    process.env[TEST_SERVER_URL_ENV] = await launcher.start();
    (globalThis as Record<string, unknown>).__palladiumTestPostgres = { launcher, dataDir };
  }
  await withServerClient(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  const dataSource = await new DataSource(buildDataSourceOptions(databaseUrl(TEMPLATE_DATABASE), 2)).initialize();
  try {
    await runMigrationsExclusively(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

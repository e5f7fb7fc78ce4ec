import 'reflect-metadata';
import { setTimeout as delay } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { createHttpApp } from './app.setup';
import { AppConfig, InvalidConfigError } from './config/app-config';
import { MigrationStatus } from './database/migration-status';
import { ResolvedDatabase, resolveDatabase } from './database/resolve-database';
import { PeopleService } from './people/people.service';

function printBanner(lines: string[]): void {
  console.log(['', ...lines.map((line) => `  ${line}`), ''].join('\n'));
}

/** Stopping must end within 10 s (what users and supervisors wait for), even if something hangs. */
const SHUTDOWN_DEADLINE_MS = 8_000;
/** In-flight requests and background work get this long; then the database is stopped anyway. */
const APP_CLOSE_TIMEOUT_MS = 5_000;

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.fromEnv();
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  // Handlers go in before the database starts, so a signal during start-up stops it too.
  // Shutdown order matters: stop taking requests, close the pool, then stop the embedded
  // PostgreSQL this process started.
  const started: { database?: ResolvedDatabase; app?: INestApplication } = {};
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      console.error(`Shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    const { app, database } = started;
    const log = app?.get(Logger) ?? { log: console.error, error: console.error };
    log.log(`Received ${signal}, shutting down`);
    let code = 0;
    if (app) {
      const closed = await Promise.race([
        app.close().then(
          () => true,
          (error: unknown) => {
            log.error({ err: error }, 'Closing the server failed');
            return false;
          },
        ),
        delay(APP_CLOSE_TIMEOUT_MS, false),
      ]);
      if (!closed) {
        log.error(`The server did not close within ${APP_CLOSE_TIMEOUT_MS / 1000} s; stopping the database anyway`);
        code = 1;
      }
    }
    await database?.release();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));

  const database = await resolveDatabase(config, { log: (message) => console.error(message) });
  started.database = database;
  const app = await createHttpApp({ config, databaseUrl: database.url }).catch(async (error: unknown) => {
    await database.release();
    throw error;
  });
  started.app = app;
  const logger = app.get(Logger);

  await app.listen(config.port, config.host);
  logger.log(`Palladium listening on ${config.publicBaseUrl}`);

  const banner = [
    `Palladium is running at ${config.publicBaseUrl}`,
    `Dashboard: ${config.publicBaseUrl}/dashboard`,
    `Operator console: ${config.publicBaseUrl}/console (first admin: npm run cli -- operators:create --name … --email … --role admin)`,
    `API docs: ${config.publicBaseUrl}/docs (operators: ${config.publicBaseUrl}/docs/operator)`,
  ];
  // MIGRATIONS_RUN=false: another step applies them; until then the schema may not be there.
  const pending = config.migrationsRun ? [] : await app.get(MigrationStatus).pending();
  if (pending.length > 0) {
    banner.push(`Not ready: ${pending.length} migration(s) pending (MIGRATIONS_RUN=false); apply them with: node dist/src/migrate.js`);
  } else if (config.demoMerchant) {
    const demo = await app.get(PeopleService).createDemoMerchantIfEmpty();
    if (demo) {
      banner.push(
        `Demo merchant created (${demo.email}); its development API key, shown once:`,
        `  ${demo.api_keys.development}`,
        `Try: curl -H "Authorization: Bearer ${demo.api_keys.development}" ${config.publicBaseUrl}/api/v2/banks`,
        `Dashboard sign-in: ${demo.sign_in.email} / ${demo.sign_in.password} (shown once; change it in the dashboard)`,
      );
    }
  }
  if (config.adminApiTokenGenerated) {
    banner.push(`ADMIN_API_TOKEN was not set; operator token for this run: ${config.adminApiToken}`);
  }
  printBanner(banner);
}

bootstrap().catch((error: unknown) => {
  console.error('Palladium failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});

import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createHttpApp } from './app.setup';
import { AppConfig, InvalidConfigError } from './config/app-config';
import { resolveDatabase } from './database/resolve-database';
import { MerchantsService } from './merchants/merchants.service';

function printBanner(lines: string[]): void {
  console.log(['', ...lines.map((line) => `  ${line}`), ''].join('\n'));
}

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

  const database = await resolveDatabase(config, { log: (message) => console.error(message) });
  const app = await createHttpApp({ config, databaseUrl: database.url }).catch(async (error: unknown) => {
    await database.release();
    throw error;
  });
  const logger = app.get(Logger);

  // Shutdown order matters: stop taking requests, close the pool, then stop the embedded
  // PostgreSQL this process started.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`Received ${signal}, shutting down`);
    await app.close();
    await database.release();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));

  await app.listen(config.port, config.host);
  logger.log(`Palladium listening on ${config.publicBaseUrl}`);

  const banner = [`Palladium is running at ${config.publicBaseUrl}`, `API docs: ${config.publicBaseUrl}/docs`];
  if (config.demoMerchant) {
    const demo = await app.get(MerchantsService).createDemoMerchantIfEmpty();
    if (demo) {
      banner.push(
        `Demo merchant created (${demo.email}); its development API key, shown once:`,
        `  ${demo.api_keys.development}`,
        `Try: curl -H "Authorization: Bearer ${demo.api_keys.development}" ${config.publicBaseUrl}/api/v2/banks`,
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

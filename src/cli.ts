import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, CommanderError } from 'commander';
import { coreModules } from './app.module';
import { DomainError } from './common/errors/domain-error';
import { isEnvironment } from './common/environment';
import { AppConfig } from './config/app-config';
import { resolveDatabase } from './database/resolve-database';
import { MerchantsService } from './merchants/merchants.service';

/**
 * Operator CLI: the same operations as /admin, straight on the database, so it works
 * whether or not the server runs (on the embedded PostgreSQL it joins the server's
 * cluster or starts its own). Prints one JSON document on stdout; logs go to stderr.
 *
 *   npm run --silent cli -- merchants:create --name "PT Test" --email qa@test.com
 */
type Services = { merchants: MerchantsService };
type Action = (services: Services) => Promise<unknown>;

function environmentArg(value: string): 'development' | 'production' {
  if (!isEnvironment(value)) throw new DomainError('API_VALIDATION_ERROR', 'environment must be development or production');
  return value;
}

function buildProgram(run: (action: Action) => Promise<void>): Command {
  const program = new Command('palladium').description('Palladium operator CLI').exitOverride();
  program
    .command('merchants:create')
    .description('Create a merchant with its callback token and both API keys (shown once)')
    .requiredOption('--name <name>', 'merchant name')
    .requiredOption('--email <email>', 'merchant contact email')
    .action(({ name, email }: { name: string; email: string }) => run(({ merchants }) => merchants.create({ name, email })));
  program
    .command('merchants:list')
    .description('List merchants')
    .action(() => run(({ merchants }) => merchants.list()));
  program
    .command('merchants:show <merchantId>')
    .description('Show one merchant')
    .action((id: string) => run(({ merchants }) => merchants.get(id)));
  program
    .command('merchants:rotate-key <merchantId> <environment>')
    .description('Issue a new API key for development|production, revoking the old one')
    .action((id: string, env: string) => run(({ merchants }) => merchants.rotateApiKey(id, environmentArg(env))));
  program
    .command('merchants:revoke-key <merchantId> <environment>')
    .description('Revoke the active API key of development|production')
    .action((id: string, env: string) => run(({ merchants }) => merchants.revokeApiKey(id, environmentArg(env))));
  program
    .command('merchants:rotate-callback-token <merchantId>')
    .description('Issue a new X-CALLBACK-TOKEN for the merchant')
    .action((id: string) => run(({ merchants }) => merchants.rotateCallbackToken(id)));
  return program;
}

async function withServices(action: Action): Promise<void> {
  const config = AppConfig.fromEnv();
  const database = await resolveDatabase(config, { log: (message) => console.error(message) });
  try {
    @Module({ imports: coreModules({ config, databaseUrl: database.url, logDestination: 2 }) })
    class CliModule {}
    const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
    try {
      const result = await action({ merchants: context.get(MerchantsService) });
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
      await context.close();
    }
  } finally {
    await database.release();
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram(withServices).parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const body =
      error instanceof DomainError
        ? { error_code: error.code, message: error.message }
        : { error_code: 'SERVER_ERROR', message: error instanceof Error ? error.message : String(error) };
    process.stderr.write(`${JSON.stringify(body)}\n`);
    return 1;
  }
}

void main(process.argv).then((code) => process.exit(code));

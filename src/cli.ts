import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { isEmail } from 'class-validator';
import { Command, CommanderError } from 'commander';
import { coreModules } from './app.module';
import { CallbacksService } from './callbacks/outbox/callbacks.service';
import type { CallbackStatus } from './callbacks/outbox/callbacks.service';
import { CallbackSettingsService } from './callbacks/settings/callback-settings.service';
import { DomainError } from './common/errors/domain-error';
import { isEnvironment } from './common/environment';
import { MAX_PAGE_SIZE } from './common/pagination';
import { AppConfig } from './config/app-config';
import { resolveDatabase } from './database/resolve-database';
import { MerchantsService } from './merchants/merchants.service';
import { isPersonRole, PERSON_ROLES } from './common/http/dashboard-api';
import type { PersonRole } from './common/http/dashboard-api';
import { PeopleService } from './people/people.service';
import { ApprovalsService } from './approvals/approvals.service';
import { OPERATOR_ROLES, TOKEN_SCOPES } from './operators/operators.types';
import type { OperatorRole, TokenScope } from './operators/operators.types';
import { CLI_ACTOR, OperatorsService } from './operators/operators.service';
import { SettlementService } from './settlement/settlement.service';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import type { TopUpStatus } from './wallets/top-ups/top-ups.dto';
import { TopUpBankAccountsService } from './wallets/top-ups/top-up-bank-accounts.service';
import { TopUpsService } from './wallets/top-ups/top-ups.service';
import { WalletsService } from './wallets/wallets.service';
import type { WithdrawalStatus } from './disbursements/withdrawals/withdrawal.views';
import { WithdrawalsService } from './disbursements/withdrawals/withdrawals.service';
import { PayoutsInDoubtService } from './disbursements/in-doubt/payouts-in-doubt.service';
import { FAILURE_CODES } from './domain/failure-codes';
import type { FailureCode } from './domain/failure-codes';

/**
 * Operator CLI: the same operations as /admin, straight on the database, so it works
 * whether or not the server runs (on the embedded PostgreSQL it joins the server's
 * cluster or starts its own). Prints one JSON document on stdout; logs go to stderr.
 *
 *   npm run --silent cli -- merchants:create --name "PT Test" --email qa@test.com
 */
type Action = (context: INestApplicationContext) => Promise<unknown>;

function environmentArg(value: string): 'development' | 'production' {
  if (!isEnvironment(value)) throw new DomainError('API_VALIDATION_ERROR', 'environment must be development or production');
  return value;
}

function switchArg(value: string): boolean {
  if (value === 'on' || value === 'off') return value === 'on';
  throw new DomainError('API_VALIDATION_ERROR', 'say on or off');
}

function personArgs(name: string, email: string, role: string): { name: string; email: string; role: PersonRole } {
  if (!name.trim() || name.trim().length > 255) throw new DomainError('API_VALIDATION_ERROR', '--name must be 1 to 255 characters');
  if (!isEmail(email.trim()) || email.length > 320) throw new DomainError('API_VALIDATION_ERROR', '--email must be a valid email address');
  if (!isPersonRole(role)) throw new DomainError('API_VALIDATION_ERROR', `--role must be one of ${PERSON_ROLES.join(', ')}`);
  return { name, email, role };
}

function operatorArgs(name: string, email: string, role: string): { name: string; email: string; role: OperatorRole } {
  if (!name.trim() || name.trim().length > 255) throw new DomainError('API_VALIDATION_ERROR', '--name must be 1 to 255 characters');
  if (!isEmail(email.trim()) || email.length > 320) throw new DomainError('API_VALIDATION_ERROR', '--email must be a valid email address');
  if (!(OPERATOR_ROLES as readonly string[]).includes(role)) throw new DomainError('API_VALIDATION_ERROR', `--role must be one of ${OPERATOR_ROLES.join(', ')}`);
  return { name, email, role: role as OperatorRole };
}

function tokenArgs(name: string, scope: string): { name: string; scope: TokenScope } {
  if (!name.trim() || name.trim().length > 100) throw new DomainError('API_VALIDATION_ERROR', '--name must be 1 to 100 characters');
  if (!(TOKEN_SCOPES as readonly string[]).includes(scope)) throw new DomainError('API_VALIDATION_ERROR', `--scope must be one of ${TOKEN_SCOPES.join(', ')}`);
  return { name, scope: scope as TokenScope };
}

function limitArg(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new DomainError('API_VALIDATION_ERROR', `--limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return limit;
}

function secondsArg(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0) throw new DomainError('API_VALIDATION_ERROR', '--older-than must be a whole number of seconds');
  return seconds;
}

function resolutionArgs(options: { status: string; failureCode?: string; reason: string; by: string }) {
  const { status, failureCode, reason, by } = options;
  if (status !== 'done' && status !== 'failed') throw new DomainError('API_VALIDATION_ERROR', '--status must be done or failed');
  if (failureCode !== undefined && !(FAILURE_CODES as readonly string[]).includes(failureCode)) {
    throw new DomainError('API_VALIDATION_ERROR', `--failure-code must be one of ${FAILURE_CODES.join(', ')}`);
  }
  return { status, failureCode: failureCode as FailureCode | undefined, reason: reason.trim(), resolvedBy: by.trim() } as const;
}

function buildProgram(run: (action: Action) => Promise<void>): Command {
  const program = new Command('palladium').description('Palladium operator CLI').exitOverride();
  program
    .command('operators:create')
    .description('Create a named operator (the first admin: --role admin): prints their first console password, once')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--email <email>', 'work email')
    .requiredOption('--role <role>', OPERATOR_ROLES.join('|'))
    .action(({ name, email, role }: { name: string; email: string; role: string }) =>
      run((c) => c.get(OperatorsService).create(CLI_ACTOR, operatorArgs(name, email, role))),
    );
  program
    .command('operators:list')
    .description('List operators')
    .action(() => run((c) => c.get(OperatorsService).list()));
  program
    .command('operators:token <operatorId>')
    .description("Issue an API token for an operator (shown once); /admin records who acted by it")
    .requiredOption('--name <name>', 'what the token is for, e.g. finance-laptop')
    .option('--scope <scope>', TOKEN_SCOPES.join('|'), 'act')
    .action((id: string, { name, scope }: { name: string; scope: string }) =>
      run((c) => c.get(OperatorsService).issueToken(CLI_ACTOR, id, tokenArgs(name, scope))),
    );
  program
    .command('operators:revoke-token <tokenId>')
    .description('Revoke an operator token at once')
    .action((id: string) => run((c) => c.get(OperatorsService).revokeToken(CLI_ACTOR, id)));
  program
    .command('operators:reset-sign-in <operatorId>')
    .description('A new first console password for an operator (shown once); they set up their authenticator app again')
    .action((id: string) => run((c) => c.get(OperatorsService).resetSignIn(CLI_ACTOR, id)));
  program
    .command('operators:disable <operatorId>')
    .description('Disable an operator and revoke their tokens')
    .action((id: string) => run((c) => c.get(OperatorsService).disable(CLI_ACTOR, id)));
  program
    .command('merchants:create')
    .description('Create a merchant with its callback token and both API keys (shown once)')
    .requiredOption('--name <name>', 'merchant name')
    .requiredOption('--email <email>', 'merchant contact email')
    .action(({ name, email }: { name: string; email: string }) => run((c) => c.get(MerchantsService).create({ name, email })));
  program
    .command('merchants:list')
    .description('List merchants')
    .action(() => run((c) => c.get(MerchantsService).list()));
  program
    .command('merchants:show <merchantId>')
    .description('Show one merchant')
    .action((id: string) => run((c) => c.get(MerchantsService).get(id)));
  program
    .command('merchants:rotate-key <merchantId> <environment>')
    .description('Issue a new API key for development|production, revoking the old one')
    .action((id: string, env: string) => run((c) => c.get(MerchantsService).rotateApiKey(id, environmentArg(env))));
  program
    .command('merchants:revoke-key <merchantId> <environment>')
    .description('Revoke the active API key of development|production')
    .action((id: string, env: string) => run((c) => c.get(MerchantsService).revokeApiKey(id, environmentArg(env))));
  program
    .command('merchants:production <merchantId> <onOrOff>')
    .description('Switch production on or off for a merchant (dashboard sign-ups start with it off)')
    .action((id: string, onOrOff: string) => run((c) => c.get(MerchantsService).setProductionEnabled(id, switchArg(onOrOff))));
  program
    .command('merchants:add-person <merchantId>')
    .description("Add a person to a merchant's dashboard; prints their generated first password, once")
    .requiredOption('--name <name>', 'their name')
    .requiredOption('--email <email>', 'they sign in with it')
    .option('--role <role>', PERSON_ROLES.join(' | '), 'owner')
    .action((id: string, { name, email, role }: { name: string; email: string; role: string }) =>
      run((c) => c.get(PeopleService).addPersonByOperator(id, personArgs(name, email, role), { person: null, requestId: null })),
    );
  program
    .command('merchants:rotate-callback-token <merchantId>')
    .description('Issue a new X-CALLBACK-TOKEN for the merchant')
    .action((id: string) => run((c) => c.get(MerchantsService).rotateCallbackToken(id)));
  program
    .command('merchants:set-withdrawal-account <merchantId> <environment>')
    .description("Register the merchant's verified withdrawal bank account")
    .requiredOption('--bank-code <code>', 'bank code from GET /api/v2/banks')
    .requiredOption('--account-number <digits>', 'account number')
    .requiredOption('--account-name <name>', 'account holder name')
    .action(async (id: string, env: string, options: { bankCode: string; accountNumber: string; accountName: string }) =>
      run(async (c) => {
        await c.get(MerchantsService).get(id);
        return c.get(WithdrawalsService).setAccount({ merchantId: id, environment: environmentArg(env) }, options);
      }),
    );

  const statusOption = '--status <status>';
  program
    .command('top-ups:list')
    .description('List top-ups, newest first')
    .option(statusOption, 'pending | approved | rejected | reversed')
    .option('--limit <n>', 'rows', '50')
    .action(({ status, limit }: { status?: TopUpStatus; limit: string }) =>
      run((c) => c.get(TopUpsService).listAll({ status, limit: limitArg(limit) })),
    );
  program
    .command('top-ups:bank-accounts')
    .description('The bank accounts merchants transfer top-ups into (retired ones included)')
    .action(() => run((c) => c.get(TopUpBankAccountsService).forOperators()));
  program
    .command('top-ups:add-bank-account <environment> <bankCode> <accountNumber> <accountName>')
    .description('Add a bank account merchants of the environment are told to transfer top-ups into')
    .action((environment: string, bankCode: string, accountNumber: string, accountName: string) =>
      run((c) => c.get(TopUpBankAccountsService).add({ environment: environmentArg(environment), bankCode, accountNumber, accountName })),
    );
  program
    .command('top-ups:retire-bank-account <accountId>')
    .description('Stop showing a top-up bank account to merchants')
    .action((id: string) => run((c) => c.get(TopUpBankAccountsService).retire(id)));
  program
    .command('top-ups:approve <topUpId>')
    .description('Approve a top-up: credits the disburse wallet once (production ones above FOUR_EYES_MIN_AMOUNT take two operators on /admin)')
    .action((id: string) => run((c) => c.get(ApprovalsService).approveTopUp(id)));
  program
    .command('top-ups:reject <topUpId>')
    .description('Reject a pending top-up')
    .requiredOption('--reason <reason>', 'why')
    .action((id: string, { reason }: { reason: string }) => run((c) => c.get(TopUpsService).reject(id, reason)));
  program
    .command('top-ups:reverse <topUpId>')
    .description('Reverse an approved top-up (refused if the money was spent)')
    .requiredOption('--reason <reason>', 'why')
    .action((id: string, { reason }: { reason: string }) => run((c) => c.get(TopUpsService).reverse(id, reason)));

  program
    .command('withdrawals:list')
    .description('List withdrawals, newest first')
    .option(statusOption, 'pending | done | failed')
    .option('--limit <n>', 'rows', '50')
    .action(({ status, limit }: { status?: WithdrawalStatus; limit: string }) =>
      run((c) => c.get(WithdrawalsService).listAll({ status, limit: limitArg(limit) })),
    );
  program
    .command('withdrawals:mark-paid <withdrawalId>')
    .description('The payout reached the merchant: post the reservation')
    .action((id: string) => run((c) => c.get(ApprovalsService).markWithdrawalPaid(id)));
  program
    .command('withdrawals:mark-failed <withdrawalId>')
    .description('The payout failed: return the money to the income wallet')
    .requiredOption('--reason <reason>', 'why')
    .action((id: string, { reason }: { reason: string }) => run((c) => c.get(ApprovalsService).markWithdrawalFailed(id, reason)));

  program
    .command('merchants:rotate-signing-secret <merchantId>')
    .description('New webhook signing secret; the previous one keeps signing for 24 hours')
    .action((id: string) => run((c) => c.get(MerchantsService).rotateSigningSecret(id)));
  program
    .command('callbacks:urls <merchantId> <environment>')
    .description("Show a merchant's callback URL per event type")
    .action((id: string, env: string) =>
      run(async (c) => {
        await c.get(MerchantsService).get(id);
        return c.get(CallbackSettingsService).urls({ merchantId: id, environment: environmentArg(env) });
      }),
    );
  program
    .command('callbacks:set-url <merchantId> <environment> <eventType> <url>')
    .description('Set the callback URL of one event type ("" removes it)')
    .action((id: string, env: string, eventType: string, url: string) =>
      run(async (c) => {
        await c.get(MerchantsService).get(id);
        return c.get(CallbackSettingsService).setUrls({ merchantId: id, environment: environmentArg(env) }, { [eventType]: url });
      }),
    );
  program
    .command('callbacks:list')
    .description('Callback events, newest first')
    .option('--merchant <merchantId>', 'only this merchant')
    .option(statusOption, 'pending | delivered | failed | no_url')
    .option('--limit <n>', 'rows', '50')
    .action(({ merchant, status, limit }: { merchant?: string; status?: CallbackStatus; limit: string }) =>
      run((c) => c.get(CallbacksService).list({ merchantId: merchant }, { status, limit: limitArg(limit) })),
    );
  program
    .command('callbacks:resend <eventId>')
    .description('Deliver a callback event again with a fresh retry schedule')
    .action((id: string) => run((c) => c.get(CallbacksService).resend(undefined, id)));

  program
    .command('settlement:run')
    .description('Run (or resume) the settlement of a business date; a finished date changes nothing')
    .requiredOption('--date <YYYY-MM-DD>', 'business date whose cutoff has passed')
    .option('--environment <environment>', 'development | production', 'production')
    .action(({ date, environment }: { date: string; environment: string }) =>
      run((c) => c.get(SettlementService).run(environmentArg(environment), date, 'operator')),
    );
  program
    .command('settlement:list')
    .description('Settlement runs, newest business date first')
    .action(() => run((c) => c.get(SettlementService).list()));
  program
    .command('settlement:show <runId>')
    .description('One run with its per-merchant totals')
    .action((id: string) => run((c) => c.get(SettlementService).get(id)));

  program
    .command('providers:reconcile')
    .description('Provider balances against our clearing accounts, and every payout, payment and webhook we disagree on')
    .option('--since <ISO date>', 'start of the period (default: 24 hours ago)')
    .action(({ since }: { since?: string }) =>
      run((c) => c.get(ReconciliationService).report(since ? sinceArg(since) : new Date(Date.now() - 86_400_000))),
    );

  program
    .command('disbursements:in-doubt')
    .description('Production payouts sent to a provider and still without an outcome, oldest first')
    .option('--older-than <seconds>', 'sent at least this long ago (default: PAYOUT_IN_DOUBT_ALERT_SECONDS)')
    .action(({ olderThan }: { olderThan?: string }) =>
      run((c) => c.get(PayoutsInDoubtService).list(olderThan === undefined ? undefined : secondsArg(olderThan))),
    );
  program
    .command('disbursements:resolve <disbursementId>')
    .description('Record the outcome of a payout in doubt, once confirmed with the provider (done posts it, failed refunds it)')
    .requiredOption('--status <status>', 'done | failed')
    .option('--failure-code <code>', `required when failed: ${FAILURE_CODES.join(' | ')}`)
    .requiredOption('--reason <reason>', 'how the outcome was confirmed (at least 10 characters)')
    .requiredOption('--by <name>', 'who resolves it')
    .action((id: string, options: { status: string; failureCode?: string; reason: string; by: string }) =>
      run((c) => {
        const { resolvedBy, ...verdict } = resolutionArgs(options);
        return c.get(ApprovalsService).resolvePayout(id, verdict, resolvedBy);
      }),
    );

  program
    .command('ledger:check')
    .description('Recompute every account from its transfers; exit code 2 if any difference')
    .action(() =>
      run(async (c) => {
        const report = await c.get(WalletsService).checkLedger();
        if (!report.ok) process.exitCode = 2;
        return report;
      }),
    );
  return program;
}

function sinceArg(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new DomainError('API_VALIDATION_ERROR', `--since must be an ISO date, got ${JSON.stringify(value)}`);
  return date;
}

async function withServices(action: Action): Promise<void> {
  const config = AppConfig.fromEnv();
  const database = await resolveDatabase(config, { log: (message) => console.error(message) });
  try {
    @Module({ imports: coreModules({ config, databaseUrl: database.url, logDestination: 2 }) })
    class CliModule {}
    const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
    try {
      const result = await action(context);
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
    return Number(process.exitCode ?? 0);
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

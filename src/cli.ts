import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { isEmail } from 'class-validator';
import { Command, CommanderError, Option } from 'commander';
import { coreModules } from './app.module';
import { CallbacksService } from './callbacks/outbox/callbacks.service';
import type { CallbackStatus } from './callbacks/outbox/callbacks.service';
import { CallbackSettingsService } from './callbacks/settings/callback-settings.service';
import { reportTo, stderrProgress, type ProgressReporter } from './common/cli/progress';
import { DomainError } from './common/errors/domain-error';
import { isEnvironment } from './common/environment';
import { isUuid } from './common/ids';
import { MAX_PAGE_SIZE } from './common/pagination';
import { AppConfig } from './config/app-config';
import { resolveDatabase } from './database/resolve-database';
import { MerchantsService } from './merchants/merchants.service';
import { isPersonRole, PERSON_ROLES } from './common/http/dashboard-api';
import type { PersonRole, RequestActor } from './common/http/dashboard-api';
import type { Progress } from './common/progress';
import { AuditService } from './audit/audit.service';
import { PeopleService } from './people/people.service';
import { ApprovalsService, type Evidence, type ProviderFunding } from './approvals/approvals.service';
import type { ApprovalStatus } from './approvals/approvals.views';
import { OPERATOR_ROLES, TOKEN_SCOPES } from './operators/operators.types';
import type { OperatorActor, OperatorRole, TokenScope } from './operators/operators.types';
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
 * cluster or starts its own). Prints one JSON document on stdout; logs and the progress of
 * long runs go to stderr. It acts as the server CLI (an admin by construction), or as the
 * named operator of --operator-token / PALLADIUM_OPERATOR_TOKEN, held to that operator's
 * role and token scope like /admin; every change is recorded in the audit trail.
 *
 *   npm run --silent cli -- merchants:create --name "PT Test" --email qa@test.com
 */
type Action = (context: INestApplicationContext, session: CliSession) => Promise<unknown>;

/** Who the command acts as, and where a long run shows its progress. */
interface CliSession {
  /** CLI_ACTOR, or the named operator of --operator-token. */
  actor: OperatorActor;
  /** The same actor as audit records name it (no operator: `server CLI`). */
  requestActor: RequestActor;
  /** How other records name the actor: `Sari Dewi (server CLI with token:laptop)`, or `server CLI`. */
  actorName: string;
  /** A Progress callback drawn on stderr (unless --no-progress); it ends before the JSON result is printed. */
  progress(label: string): Progress | undefined;
}

/** The command being run, as commander parsed it. */
interface Invocation {
  command: string;
  args: string[];
  options: Record<string, unknown>;
  operatorToken?: string;
  progress: boolean;
}

/** Commands that only look: like GET on /admin, any role and read-only tokens may run them. Every other command changes something. */
const LOOKING = new Set([
  'operators:list',
  'merchants:list',
  'merchants:show',
  'top-ups:list',
  'top-ups:bank-accounts',
  'withdrawals:list',
  'callbacks:urls',
  'callbacks:list',
  'settlement:list',
  'settlement:show',
  'providers:reconcile',
  'disbursements:in-doubt',
  'ledger:check',
  'settlement:due',
  'approvals:list',
  'approvals:show',
]);

/** Commands needing more than the default role (operator to change, viewer to look), as on /admin. */
const MINIMUM_ROLE: Record<string, OperatorRole> = {
  'operators:create': 'admin',
  'operators:list': 'admin',
  'operators:reset-sign-in': 'admin',
  'operators:disable': 'admin',
  'approvals:approve': 'approver',
  'approvals:reject': 'approver',
};

/** Changes whose service records its own audit entry (with before and after), given the actor. */
const RECORDED_BY_SERVICE = new Set(['merchants:rotate-key', 'merchants:revoke-key', 'merchants:production', 'merchants:add-person']);

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

/** A payout's verdict from --status, --failure-code and --reason. */
function verdictArgs(options: { status: string; failureCode?: string; reason: string }) {
  const { status, failureCode, reason } = options;
  if (status !== 'done' && status !== 'failed') throw new DomainError('API_VALIDATION_ERROR', '--status must be done or failed');
  if (failureCode !== undefined && !(FAILURE_CODES as readonly string[]).includes(failureCode)) {
    throw new DomainError('API_VALIDATION_ERROR', `--failure-code must be one of ${FAILURE_CODES.join(', ')}`);
  }
  return { status, failureCode: failureCode as FailureCode | undefined, reason: reason.trim() } as const;
}

function resolutionArgs(options: { status: string; failureCode?: string; reason: string; by?: string }, session: CliSession) {
  return { ...verdictArgs(options), resolvedBy: resolverOf(options.by, session).trim() };
}

/** Four eyes' evidence from --reference and --note. */
function evidenceArgs(options: { reference: string; note?: string }): Evidence {
  if (!options.reference.trim() || options.reference.length > 200) throw new DomainError('API_VALIDATION_ERROR', '--reference must be 1 to 200 characters');
  return { reference: options.reference, note: options.note };
}

function approvalStatusArg(value: string | undefined): ApprovalStatus | undefined {
  if (value === undefined || value === 'pending' || value === 'approved' || value === 'rejected') return value;
  throw new DomainError('API_VALIDATION_ERROR', '--status must be pending, approved or rejected');
}

function fundingArgs(options: { amount: string; direction: string; reference: string }): ProviderFunding {
  const amount = Number(options.amount);
  if (!Number.isSafeInteger(amount) || amount < 1) throw new DomainError('API_VALIDATION_ERROR', '--amount must be a whole number of rupiah');
  if (options.direction !== 'deposit' && options.direction !== 'withdrawal') throw new DomainError('API_VALIDATION_ERROR', '--direction must be deposit or withdrawal');
  if (!options.reference.trim() || options.reference.length > 100) throw new DomainError('API_VALIDATION_ERROR', '--reference must be 1 to 100 characters');
  return { amount, direction: options.direction, reference: options.reference.trim() };
}

function providerArg(context: INestApplicationContext, provider: string): string {
  const names = context.get(ReconciliationService).fundableProviders();
  if (!names.includes(provider as never)) throw new DomainError('API_VALIDATION_ERROR', `provider must be ${names.join(' or ')}`);
  return provider;
}

/** Who resolves a payout: the named operator of --operator-token, or whoever --by names on the server CLI. */
function resolverOf(by: string | undefined, session: CliSession): string {
  if (session.actor.operatorId !== null) {
    if (by !== undefined) throw new DomainError('API_VALIDATION_ERROR', '--by is for the server CLI: with --operator-token the resolution names the token\'s operator');
    return session.actorName;
  }
  if (!by?.trim()) throw new DomainError('API_VALIDATION_ERROR', '--by <name> is required (or act as a named operator with --operator-token)');
  return by;
}

function buildProgram(execute: (action: Action, invocation: Invocation) => Promise<void>): Command {
  const program = new Command('palladium').description('Palladium operator CLI').exitOverride();
  program
    .addOption(
      new Option('--operator-token <token>', "act as the named operator of this pallop_ token (their role and the token's scope apply; the audit trail names them)").env(
        'PALLADIUM_OPERATOR_TOKEN',
      ),
    )
    .option('--no-progress', 'no progress on stderr for long runs (settlement, reconciliation, ledger check)');
  let invocation: Invocation | undefined;
  program.hook('preAction', (_program, command) => {
    const global = program.opts<{ operatorToken?: string; progress: boolean }>();
    invocation = { command: command.name(), args: command.args, options: command.opts(), operatorToken: global.operatorToken, progress: global.progress };
  });
  const run = (action: Action) => execute(action, invocation!);
  program
    .command('operators:create')
    .description('Create a named operator (the first admin: --role admin): prints their first console password, once')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--email <email>', 'work email')
    .requiredOption('--role <role>', OPERATOR_ROLES.join('|'))
    .action(({ name, email, role }: { name: string; email: string; role: string }) =>
      run((c, { actor }) => c.get(OperatorsService).create(actor, operatorArgs(name, email, role))),
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
      run((c, { actor }) => c.get(OperatorsService).issueToken(actor, id, tokenArgs(name, scope))),
    );
  program
    .command('operators:revoke-token <tokenId>')
    .description('Revoke an operator token at once')
    .action((id: string) => run((c, { actor }) => c.get(OperatorsService).revokeToken(actor, id)));
  program
    .command('operators:reset-sign-in <operatorId>')
    .description('A new first console password for an operator (shown once); they set up their authenticator app again')
    .action((id: string) => run((c, { actor }) => c.get(OperatorsService).resetSignIn(actor, id)));
  program
    .command('operators:disable <operatorId>')
    .description('Disable an operator and revoke their tokens')
    .action((id: string) => run((c, { actor }) => c.get(OperatorsService).disable(actor, id)));
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
    .action((id: string, env: string) => run((c, { requestActor }) => c.get(MerchantsService).rotateApiKey(id, environmentArg(env), requestActor)));
  program
    .command('merchants:revoke-key <merchantId> <environment>')
    .description('Revoke the active API key of development|production')
    .action((id: string, env: string) => run((c, { requestActor }) => c.get(MerchantsService).revokeApiKey(id, environmentArg(env), requestActor)));
  program
    .command('merchants:production <merchantId> <onOrOff>')
    .description('Switch production on or off for a merchant (dashboard sign-ups start with it off)')
    .action((id: string, onOrOff: string) => run((c, { requestActor }) => c.get(MerchantsService).setProductionEnabled(id, switchArg(onOrOff), requestActor)));
  program
    .command('merchants:add-person <merchantId>')
    .description("Add a person to a merchant's dashboard; prints their generated first password, once")
    .requiredOption('--name <name>', 'their name')
    .requiredOption('--email <email>', 'they sign in with it')
    .option('--role <role>', PERSON_ROLES.join(' | '), 'owner')
    .action((id: string, { name, email, role }: { name: string; email: string; role: string }) =>
      run((c, { requestActor }) => c.get(PeopleService).addPersonByOperator(id, personArgs(name, email, role), requestActor)),
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
    .description('Run (or resume) the settlement of a business date; a finished date changes nothing (production money due of at least FOUR_EYES_MIN_AMOUNT: settlement:prepare)')
    .requiredOption('--date <YYYY-MM-DD>', 'business date whose cutoff has passed')
    .option('--environment <environment>', 'development | production', 'production')
    .action(({ date, environment }: { date: string; environment: string }) =>
      run((c, session) => c.get(ApprovalsService).runSettlement(environmentArg(environment), date, session.progress('settlement (payments)'))),
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
      run((c, session) =>
        c.get(ReconciliationService).report(since ? sinceArg(since) : new Date(Date.now() - 86_400_000), session.progress('reconciliation (checks)')),
      ),
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
    .option('--by <name>', 'who resolves it (the server CLI only: with --operator-token, the token\'s operator)')
    .action((id: string, options: { status: string; failureCode?: string; reason: string; by?: string }) =>
      run((c, session) => {
        const { resolvedBy, ...verdict } = resolutionArgs(options, session);
        return c.get(ApprovalsService).resolvePayout(id, verdict, resolvedBy);
      }),
    );

  program
    .command('ledger:check')
    .description('Recompute every account from its transfers; exit code 2 if any difference')
    .action(() =>
      run(async (c, session) => {
        const report = await c.get(WalletsService).checkLedger(session.progress('ledger check (transfers)'));
        if (!report.ok) process.exitCode = 2;
        return report;
      }),
    );
  program
    .command('settlement:due')
    .description('What running a business date now would settle, and its run if started')
    .requiredOption('--date <YYYY-MM-DD>', 'business date whose cutoff has passed')
    .option('--environment <environment>', 'development | production', 'production')
    .action(({ date, environment }: { date: string; environment: string }) => run((c) => c.get(SettlementService).due(environmentArg(environment), date)));
  program
    .command('providers:fund <provider>')
    .description('Record money moved between our bank account and a provider account (at least FOUR_EYES_MIN_AMOUNT: providers:prepare-funding)')
    .requiredOption('--amount <rupiah>', 'whole rupiah')
    .requiredOption('--direction <direction>', 'deposit (our bank → provider) | withdrawal (back)')
    .requiredOption('--reference <reference>', 'the bank transfer reference (recorded once)')
    .action((provider: string, options: { amount: string; direction: string; reference: string }) =>
      run((c) => c.get(ApprovalsService).recordProviderFunding(providerArg(c, provider), fundingArgs(options))),
    );

  // Four eyes from the CLI: a named operator (--operator-token) prepares, a different approver decides.
  program
    .command('approvals:list')
    .description('Approvals, newest first (--status pending: the approvers\' queue)')
    .option('--status <status>', 'pending | approved | rejected')
    .option('--limit <n>', 'how many', '50')
    .action(({ status, limit }: { status?: string; limit: string }) => run((c) => c.get(ApprovalsService).list(approvalStatusArg(status), limitArg(limit))));
  program
    .command('approvals:show <approvalId>')
    .description('One approval with its evidence, who prepared it and who decided it')
    .action((id: string) => run((c) => c.get(ApprovalsService).get(id)));
  program
    .command('approvals:approve <approvalId>')
    .description('Approve what another operator prepared: carried out at once (approver role, --operator-token)')
    .option('--note <note>', 'what you checked')
    .action((id: string, { note }: { note?: string }) => run((c, session) => c.get(ApprovalsService).approve(session.actor, id, note, session.progress('settlement (payments)'))));
  program
    .command('approvals:reject <approvalId>')
    .description('Refuse what another operator prepared; its subject stays as it was (approver role, --operator-token)')
    .requiredOption('--note <note>', 'why')
    .action((id: string, { note }: { note: string }) => run((c, session) => c.get(ApprovalsService).reject(session.actor, id, note)));
  const prepare = (name: string, description: string) =>
    program
      .command(name)
      .description(`Four eyes, step 1: ${description} (--operator-token; a different approver decides)`)
      .requiredOption('--reference <reference>', 'the evidence the approver checks: a bank reference, a provider ticket')
      .option('--note <note>', 'anything else the approver should know');
  prepare('top-ups:prepare-approval <topUpId>', 'prepare approving a top-up').action((id: string, options: { reference: string; note?: string }) =>
    run((c, session) => c.get(ApprovalsService).prepare(session.actor, 'top_up.approve', id, evidenceArgs(options))),
  );
  prepare('withdrawals:prepare-mark-paid <withdrawalId>', 'prepare marking a withdrawal paid').action((id: string, options: { reference: string; note?: string }) =>
    run((c, session) => c.get(ApprovalsService).prepare(session.actor, 'withdrawal.mark_paid', id, evidenceArgs(options))),
  );
  prepare('withdrawals:prepare-mark-failed <withdrawalId>', 'prepare marking a withdrawal failed')
    .requiredOption('--reason <reason>', 'why it failed (shown to the merchant)')
    .action((id: string, options: { reference: string; note?: string; reason: string }) =>
      run((c, session) => c.get(ApprovalsService).prepare(session.actor, 'withdrawal.mark_failed', id, evidenceArgs(options), { reason: options.reason.trim() })),
    );
  prepare('disbursements:prepare-resolution <disbursementId>', 'prepare the verdict on a payout in doubt')
    .requiredOption('--status <status>', 'done | failed')
    .option('--failure-code <code>', `required when failed: ${FAILURE_CODES.join(' | ')}`)
    .requiredOption('--reason <reason>', 'how the outcome was confirmed (at least 10 characters)')
    .action((id: string, options: { reference: string; note?: string; status: string; failureCode?: string; reason: string }) =>
      run((c, session) => c.get(ApprovalsService).preparePayoutResolution(session.actor, id, evidenceArgs(options), verdictArgs(options))),
    );
  prepare('settlement:prepare', 'prepare running a production settlement date by hand')
    .requiredOption('--date <YYYY-MM-DD>', 'business date whose cutoff has passed')
    .option('--environment <environment>', 'development | production', 'production')
    .action((options: { reference: string; note?: string; date: string; environment: string }) =>
      run((c, session) => c.get(ApprovalsService).prepareSettlementRun(session.actor, environmentArg(options.environment), options.date, evidenceArgs(options))),
    );
  prepare('providers:prepare-funding <provider>', 'prepare recording provider funding (--reference: the bank transfer reference, recorded once)')
    .requiredOption('--amount <rupiah>', 'whole rupiah')
    .requiredOption('--direction <direction>', 'deposit | withdrawal')
    .action((provider: string, options: { reference: string; note?: string; amount: string; direction: string }) =>
      run((c, session) => c.get(ApprovalsService).prepareProviderFunding(session.actor, providerArg(c, provider), fundingArgs(options), options.note)),
    );
  return program;
}

function sinceArg(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new DomainError('API_VALIDATION_ERROR', `--since must be an ISO date, got ${JSON.stringify(value)}`);
  return date;
}

async function withServices(action: Action, invocation: Invocation): Promise<void> {
  const config = AppConfig.fromEnv();
  const database = await resolveDatabase(config, { log: (message) => console.error(message) });
  try {
    @Module({ imports: coreModules({ config, databaseUrl: database.url, logDestination: 2 }) })
    class CliModule {}
    const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
    try {
      const actor = await actingOperator(context, invocation);
      const requestActor: RequestActor = { person: null, operator: actor.operatorId === null ? null : { id: actor.operatorId, name: actor.name, via: actor.via }, requestId: null };
      const reporters: ProgressReporter[] = [];
      const progress = (label: string): Progress | undefined => {
        if (!invocation.progress) return undefined;
        const reporter = stderrProgress();
        reporters.push(reporter);
        return reportTo(reporter, label);
      };
      let result: unknown;
      try {
        result = await action(context, { actor, requestActor, actorName: context.get(OperatorsService).describe(actor), progress });
      } finally {
        for (const reporter of reporters) reporter.stop();
      }
      if (!LOOKING.has(invocation.command) && !RECORDED_BY_SERVICE.has(invocation.command)) await recordChange(context, requestActor, invocation, result);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
      await context.close();
    }
  } finally {
    await database.release();
  }
}

/**
 * CLI_ACTOR, or the operator of --operator-token once the token is found live and the
 * operator's role and the token's scope allow the command (as on /admin).
 */
async function actingOperator(context: INestApplicationContext, invocation: Invocation): Promise<OperatorActor> {
  if (invocation.operatorToken === undefined) return CLI_ACTOR;
  const operators = context.get(OperatorsService);
  const authenticated = await operators.authenticate(invocation.operatorToken.trim());
  if (!authenticated) {
    throw new DomainError(
      'INVALID_ADMIN_TOKEN',
      '--operator-token (or PALLADIUM_OPERATOR_TOKEN) is not a live pallop_ token of an active operator: it is wrong, revoked, or its operator is disabled (leave it out to act as the server CLI)',
    );
  }
  const actor: OperatorActor = { ...authenticated, via: `server CLI with ${authenticated.via}` };
  const refused = operators.refusal(actor, LOOKING.has(invocation.command) ? 'GET' : 'POST', MINIMUM_ROLE[invocation.command]);
  if (refused) throw new DomainError('OPERATOR_FORBIDDEN_ERROR', `${invocation.command}: ${refused}`);
  return actor;
}

/**
 * The audit entry of a change made on the CLI (`cli.<command>`, e.g. `cli.top_ups_approve`):
 * who, the command with its arguments and options, and the merchant it concerns. As on
 * /admin, it is recorded once the change succeeded; should recording fail, the change
 * stands and the failure is reported on stderr.
 */
async function recordChange(context: INestApplicationContext, actor: RequestActor, invocation: Invocation, result: unknown): Promise<void> {
  const answer = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
  const merchantId = [answer.merchant_id, invocation.command.startsWith('merchants:') ? (answer.id ?? invocation.args[0]) : undefined].find(
    (value): value is string => typeof value === 'string' && isUuid(value),
  );
  const environment = [answer.environment, ...invocation.args].find((value): value is 'development' | 'production' => typeof value === 'string' && isEnvironment(value));
  try {
    await context.get(AuditService).record(actor, {
      merchantId: merchantId ?? null,
      environment: environment ?? null,
      action: `cli.${invocation.command.replace(/[^a-z]+/g, '_')}`,
      target: [invocation.command, ...invocation.args].join(' ').slice(0, 200),
      after: { command: invocation.command, arguments: invocation.args, options: invocation.options },
    });
  } catch (error) {
    process.stderr.write(
      `${JSON.stringify({ event: 'audit.record_failed', message: `Recording ${invocation.command} in the audit trail failed: ${error instanceof Error ? error.message : String(error)}` })}\n`,
    );
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

import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { CallbackDeliveryWorkerModule } from './callbacks/delivery/callback-delivery-worker.module';
import { CallbacksModule } from './callbacks/callbacks.module';
import { BankRegistryModule } from './bank-registry/bank-registry.module';
import { RequestPipelineModule } from './common/http/request-pipeline.module';
import { LoggingModule } from './common/logging/logging.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DisbursementsModule } from './disbursements/disbursements.module';
import { PayoutDispatchWorkerModule } from './disbursements/dispatch/payout-dispatch-worker.module';
import { PayoutSandboxWorkerModule } from './disbursements/sandbox/payout-sandbox-worker.module';
import { HealthModule } from './health/health.module';
import { IdempotencyPurgeWorkerModule } from './idempotency/idempotency-purge-worker.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { ApiKeyRevocationListenerModule } from './merchants/api-key-revocation-listener.module';
import { MerchantsModule } from './merchants/merchants.module';
import { MetricsModule } from './metrics/metrics.module';
import { PaymentsModule } from './payments/payments.module';
import { OperatorsModule } from './operators/operators.module';
import { ApprovalsModule } from './approvals/approvals.module';
import { PeopleModule } from './people/people.module';
import { ProviderWebhooksModule } from './provider-webhooks/provider-webhooks.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { PaymentSandboxWorkerModule } from './payments/sandbox/payment-sandbox-worker.module';
import { SettlementSchedulerModule } from './settlement/settlement-scheduler.module';
import { SettlementModule } from './settlement/settlement.module';
import { LedgerRollupWorkerModule } from './wallets/ledger/ledger-rollup-worker.module';
import { WalletsModule } from './wallets/wallets.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  /** 1 = stdout (server), 2 = stderr (CLI). */
  logDestination?: 1 | 2;
}

/** The domain modules, shared by the HTTP server and the CLI. */
export function coreModules(options: AppModuleOptions) {
  return [
    ConfigModule.forRoot(options.config),
    LoggingModule.forRoot(options.config.logLevel, options.logDestination ?? 1),
    DatabaseModule.forRoot(options.databaseUrl, options.config.databasePoolSize),
    RateLimitModule,
    // Prometheus metrics the domain modules record into (served by AdminModule's GET /metrics).
    MetricsModule,
    AuditModule,
    OperatorsModule,
    MerchantsModule,
    PeopleModule,
    BankRegistryModule,
    WalletsModule,
    CallbacksModule,
    PaymentsModule,
    SettlementModule,
    DisbursementsModule,
    ProviderWebhooksModule,
    ReconciliationModule,
    IdempotencyModule,
    ApprovalsModule,
  ];
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return { module: AppModule, imports: [...coreModules(options), RequestPipelineModule, ApiKeyRevocationListenerModule, AdminModule, HealthModule, CallbackDeliveryWorkerModule, PaymentSandboxWorkerModule, PayoutSandboxWorkerModule, PayoutDispatchWorkerModule, SettlementSchedulerModule, IdempotencyPurgeWorkerModule, LedgerRollupWorkerModule] };
  }
}

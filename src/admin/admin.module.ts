import { Module } from '@nestjs/common';
import { MerchantsModule } from '../merchants/merchants.module';
import { PeopleModule } from '../people/people.module';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { DisbursementsModule } from '../disbursements/disbursements.module';
import { AdminCallbacksController } from './admin-callbacks.controller';
import { AdminConsoleController, AdminConsoleSignInController } from './admin-console.controller';
import { AdminMerchantsController } from './admin-merchants.controller';
import { AdminOperatorsController } from './admin-operators.controller';
import { OperatorsModule } from '../operators/operators.module';
import { ApprovalsModule } from '../approvals/approvals.module';
import { AdminApprovalsController } from './admin-approvals.controller';
import { AdminProvidersController } from './admin-providers.controller';
import { AdminSettlementController } from './admin-settlement.controller';
import { ReconciliationModule } from '../reconciliation/reconciliation.module';
import { SettlementModule } from '../settlement/settlement.module';
import { AdminTokenGuard } from './admin-token.guard';
import { AdminAuditInterceptor } from './admin-audit.interceptor';
import { AuditModule } from '../audit/audit.module';
import { AdminAuditController } from './admin-audit.controller';
import { AdminWalletsController } from './admin-wallets.controller';
import { WalletsModule } from '../wallets/wallets.module';
import { MetricsModule } from '../metrics/metrics.module';
import { AdminMetricsController } from './admin-metrics.controller';

/** Operator endpoints under /admin (and the Prometheus scrape at /metrics): thin, they call the domain services. */
@Module({
  imports: [AuditModule, OperatorsModule, ApprovalsModule, MerchantsModule, PeopleModule, WalletsModule, CallbacksModule, SettlementModule, DisbursementsModule, ReconciliationModule, MetricsModule],
  controllers: [AdminConsoleSignInController, AdminConsoleController, AdminAuditController, AdminOperatorsController, AdminApprovalsController, AdminMerchantsController, AdminWalletsController, AdminCallbacksController, AdminSettlementController, AdminProvidersController, AdminMetricsController],
  providers: [AdminTokenGuard, AdminAuditInterceptor],
})
export class AdminModule {}

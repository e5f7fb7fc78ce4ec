import { Module } from '@nestjs/common';
import { BankRegistryModule } from '../bank-registry/bank-registry.module';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ProvidersModule } from '../providers/providers.module';
import { WalletsModule } from '../wallets/wallets.module';
import { BatchDisbursementsService } from './batch/batch-disbursements.service';
import { DisbursementsService } from './create-disbursement/disbursements.service';
import { DisbursementStatementResources } from './disbursement-statement-resources';
import { DisbursementsController } from './disbursements.controller';
import { DisbursementsRepository } from './disbursements.repository';
import { PayoutDispatcher } from './dispatch/payout-dispatcher.service';
import { PayoutsInDoubtService } from './in-doubt/payouts-in-doubt.service';
import { AccountInquiryService } from './inquiry/account-inquiry.service';
import { PayoutMetrics } from './payouts/payout-metrics';
import { PayoutsRepository } from './payouts/payouts.repository';
import { PayoutsService } from './payouts/payouts.service';
import { WithdrawalsController } from './withdrawals/withdrawals.controller';
import { WithdrawalsRepository } from './withdrawals/withdrawals.repository';
import { WithdrawalsService } from './withdrawals/withdrawals.service';

/**
 * Sending money: disbursements (single and batch), account inquiry, and withdrawals,
 * which are payouts to the merchant's own account. Every payout reserves its amount on
 * creation and is finished exactly once by PayoutsService. All SQL is in the repositories,
 * which stay private to the module.
 */
@Module({
  imports: [BankRegistryModule, ProvidersModule, WalletsModule, CallbacksModule, MetricsModule],
  controllers: [DisbursementsController, WithdrawalsController],
  providers: [
    DisbursementsRepository,
    PayoutsRepository,
    WithdrawalsRepository,
    PayoutsService,
    PayoutDispatcher,
    PayoutsInDoubtService,
    DisbursementsService,
    BatchDisbursementsService,
    AccountInquiryService,
    WithdrawalsService,
    DisbursementStatementResources,
    PayoutMetrics,
  ],
  exports: [PayoutsService, PayoutDispatcher, PayoutsInDoubtService, WithdrawalsService],
})
export class DisbursementsModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BankRegistryModule } from '../bank-registry/bank-registry.module';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { ProvidersModule } from '../providers/providers.module';
import { WalletsModule } from '../wallets/wallets.module';
import { BatchDisbursementsService } from './batch/batch-disbursements.service';
import { DisbursementsService } from './create-disbursement/disbursements.service';
import { DisbursementsController } from './disbursements.controller';
import { PayoutDispatcher } from './dispatch/payout-dispatcher.service';
import { PayoutsInDoubtService } from './in-doubt/payouts-in-doubt.service';
import { AccountInquiryService } from './inquiry/account-inquiry.service';
import { PayoutsService } from './payouts/payouts.service';
import { WithdrawalAccount } from './withdrawals/withdrawal-account.entity';
import { Withdrawal } from './withdrawals/withdrawal.entity';
import { WithdrawalsController } from './withdrawals/withdrawals.controller';
import { WithdrawalsService } from './withdrawals/withdrawals.service';

/**
 * Sending money: disbursements (single and batch), account inquiry, and withdrawals,
 * which are payouts to the merchant's own account. Every payout reserves its amount on
 * creation and is finished exactly once by PayoutsService.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Withdrawal, WithdrawalAccount]), BankRegistryModule, ProvidersModule, WalletsModule, CallbacksModule],
  controllers: [DisbursementsController, WithdrawalsController],
  providers: [PayoutsService, PayoutDispatcher, PayoutsInDoubtService, DisbursementsService, BatchDisbursementsService, AccountInquiryService, WithdrawalsService],
  exports: [PayoutsService, PayoutDispatcher, PayoutsInDoubtService, WithdrawalsService],
})
export class DisbursementsModule {}

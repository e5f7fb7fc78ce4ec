import { Module } from '@nestjs/common';
import { DisbursementsModule } from '../disbursements/disbursements.module';
import { OperatorsModule } from '../operators/operators.module';
import { ReconciliationModule } from '../reconciliation/reconciliation.module';
import { SettlementModule } from '../settlement/settlement.module';
import { WalletsModule } from '../wallets/wallets.module';
import { ApprovalsRepository } from './approvals.repository';
import { ApprovalsService } from './approvals.service';

/** Four-eyes approvals of operators' money actions (table approvals). */
@Module({
  imports: [OperatorsModule, WalletsModule, DisbursementsModule, ReconciliationModule, SettlementModule],
  providers: [ApprovalsService, ApprovalsRepository],
  exports: [ApprovalsService],
})
export class ApprovalsModule {}

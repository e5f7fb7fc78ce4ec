import { Module } from '@nestjs/common';
import { DisbursementsModule } from '../disbursements/disbursements.module';
import { PaymentsModule } from '../payments/payments.module';
import { ProviderWebhooksModule } from '../provider-webhooks/provider-webhooks.module';
import { ProvidersModule } from '../providers/providers.module';
import { WalletsModule } from '../wallets/wallets.module';
import { ReconciliationService } from './reconciliation.service';

/** Provider balances and statuses against ours (operator report); owns no tables. */
@Module({
  imports: [ProvidersModule, WalletsModule, DisbursementsModule, PaymentsModule, ProviderWebhooksModule],
  providers: [ReconciliationService],
  exports: [ReconciliationService],
})
export class ReconciliationModule {}

import { Module } from '@nestjs/common';
import { MerchantsModule } from '../merchants/merchants.module';
import { MetricsModule } from '../metrics/metrics.module';
import { PaymentsModule } from '../payments/payments.module';
import { SettlementMetrics } from './settlement-metrics';
import { SettlementRepository } from './settlement.repository';
import { SettlementService } from './settlement.service';

/** The daily settlement runs and their per-merchant totals. */
@Module({
  imports: [PaymentsModule, MerchantsModule, MetricsModule],
  providers: [SettlementService, SettlementRepository, SettlementMetrics],
  exports: [SettlementService],
})
export class SettlementModule {}

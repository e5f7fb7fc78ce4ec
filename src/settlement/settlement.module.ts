import { Module } from '@nestjs/common';
import { MerchantsModule } from '../merchants/merchants.module';
import { PaymentsModule } from '../payments/payments.module';
import { SettlementRepository } from './settlement.repository';
import { SettlementService } from './settlement.service';

/** The daily settlement runs and their per-merchant totals. */
@Module({ imports: [PaymentsModule, MerchantsModule], providers: [SettlementService, SettlementRepository], exports: [SettlementService] })
export class SettlementModule {}

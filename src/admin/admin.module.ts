import { Module } from '@nestjs/common';
import { MerchantsModule } from '../merchants/merchants.module';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { DisbursementsModule } from '../disbursements/disbursements.module';
import { AdminCallbacksController } from './admin-callbacks.controller';
import { AdminMerchantsController } from './admin-merchants.controller';
import { AdminSettlementController } from './admin-settlement.controller';
import { SettlementModule } from '../settlement/settlement.module';
import { AdminTokenGuard } from './admin-token.guard';
import { AdminWalletsController } from './admin-wallets.controller';
import { WalletsModule } from '../wallets/wallets.module';

/** Operator endpoints under /admin: thin, they call the domain services. */
@Module({
  imports: [MerchantsModule, WalletsModule, CallbacksModule, SettlementModule, DisbursementsModule],
  controllers: [AdminMerchantsController, AdminWalletsController, AdminCallbacksController, AdminSettlementController],
  providers: [AdminTokenGuard],
})
export class AdminModule {}

import { Module } from '@nestjs/common';
import { MerchantsModule } from '../merchants/merchants.module';
import { AdminMerchantsController } from './admin-merchants.controller';
import { AdminTokenGuard } from './admin-token.guard';
import { AdminWalletsController } from './admin-wallets.controller';
import { WalletsModule } from '../wallets/wallets.module';

/** Operator endpoints under /admin: thin, they call the domain services. */
@Module({
  imports: [MerchantsModule, WalletsModule],
  controllers: [AdminMerchantsController, AdminWalletsController],
  providers: [AdminTokenGuard],
})
export class AdminModule {}

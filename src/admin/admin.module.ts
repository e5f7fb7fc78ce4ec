import { Module } from '@nestjs/common';
import { MerchantsModule } from '../merchants/merchants.module';
import { AdminMerchantsController } from './admin-merchants.controller';
import { AdminTokenGuard } from './admin-token.guard';

/** Operator endpoints under /admin: thin, they call the domain services. */
@Module({
  imports: [MerchantsModule],
  controllers: [AdminMerchantsController],
  providers: [AdminTokenGuard],
})
export class AdminModule {}

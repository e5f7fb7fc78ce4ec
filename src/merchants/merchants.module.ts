import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKey } from './api-key.entity';
import { ApiKeyGuard } from './api-key.guard';
import { Merchant } from './merchant.entity';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { WalletsModule } from '../wallets/wallets.module';
import { MerchantsService } from './merchants.service';

@Module({
  imports: [TypeOrmModule.forFeature([Merchant, ApiKey]), WalletsModule, CallbacksModule],
  providers: [MerchantsService, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [MerchantsService],
})
export class MerchantsModule {}

import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { ApiKeyCache } from './api-key-cache';
import { ApiKey } from './api-key.entity';
import { ApiKeyGuard } from './api-key.guard';
import { Merchant } from './merchant.entity';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { WalletsModule } from '../wallets/wallets.module';
import { MerchantsService } from './merchants.service';

@Module({
  imports: [TypeOrmModule.forFeature([Merchant, ApiKey]), WalletsModule, CallbacksModule],
  providers: [
    MerchantsService,
    { provide: ApiKeyCache, useFactory: ApiKeyCache.fromConfig, inject: [AppConfig] },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [MerchantsService, ApiKeyCache],
})
export class MerchantsModule {}

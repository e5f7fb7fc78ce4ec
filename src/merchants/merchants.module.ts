import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeyGuard } from './api-key.guard';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { WalletsModule } from '../wallets/wallets.module';
import { MerchantsRepository } from './merchants.repository';
import { MerchantsService } from './merchants.service';

@Module({
  imports: [WalletsModule, CallbacksModule],
  providers: [
    MerchantsRepository,
    MerchantsService,
    { provide: ApiKeyCache, useFactory: ApiKeyCache.fromConfig, inject: [AppConfig] },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [MerchantsService, ApiKeyCache],
})
export class MerchantsModule {}

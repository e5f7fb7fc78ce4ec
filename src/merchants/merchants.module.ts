import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeyStrategy } from './api-key.strategy';
import { AuditModule } from '../audit/audit.module';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { WalletsModule } from '../wallets/wallets.module';
import { DashboardApiKeysController } from './dashboard-api-keys.controller';
import { MerchantsRepository } from './merchants.repository';
import { MerchantsService } from './merchants.service';

/**
 * Merchants and their API keys. The API-key passport strategy registers itself here; the
 * people module's global AuthenticationGuard runs it (or the session strategy) on the
 * merchant API.
 */
@Module({
  imports: [WalletsModule, CallbacksModule, AuditModule],
  controllers: [DashboardApiKeysController],
  providers: [
    MerchantsRepository,
    MerchantsService,
    ApiKeyStrategy,
    { provide: ApiKeyCache, useFactory: ApiKeyCache.fromConfig, inject: [AppConfig] },
  ],
  exports: [MerchantsService, ApiKeyCache],
})
export class MerchantsModule {}

import { Module } from '@nestjs/common';
import { BankRegistryModule } from '../bank-registry/bank-registry.module';
import { DisbursementsModule } from '../disbursements/disbursements.module';
import { PaymentsModule } from '../payments/payments.module';
import { ProvidersModule } from '../providers/providers.module';
import { ProviderEventsRepository } from './provider-events.repository';
import { ProviderEventsService } from './provider-events.service';
import { ProviderWebhooksController } from './provider-webhooks.controller';
import { ProviderWebhooksService } from './provider-webhooks.service';

/** Inbound provider webhooks: verified and parsed by their adapters, stored once in the inbox, applied by the domain modules. */
@Module({
  imports: [ProvidersModule, PaymentsModule, DisbursementsModule, BankRegistryModule],
  controllers: [ProviderWebhooksController],
  providers: [ProviderEventsRepository, ProviderEventsService, ProviderWebhooksService],
  exports: [ProviderEventsService],
})
export class ProviderWebhooksModule {}

import { Module } from '@nestjs/common';
import { CallbacksController } from './callbacks.controller';
import { CallbackDeliveryService } from './delivery/callback-delivery.service';
import { CallbackSender } from './delivery/callback-sender';
import { CallbacksService } from './outbox/callbacks.service';
import { CallbackSettingsService } from './settings/callback-settings.service';

/**
 * Callbacks to merchants: settings (URLs, token, signing secret), the outbox other modules
 * emit into, the delivery log and resend. The worker lives in CallbackWorkerModule so
 * only the server runs it.
 */
@Module({
  controllers: [CallbacksController],
  providers: [CallbackSettingsService, CallbacksService, CallbackSender, CallbackDeliveryService],
  exports: [CallbackSettingsService, CallbacksService, CallbackDeliveryService],
})
export class CallbacksModule {}

import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { CallbacksController } from './callbacks.controller';
import { CallbackMetrics } from './delivery/callback-metrics';
import { CallbackDeliveriesRepository } from './delivery/callback-deliveries.repository';
import { CallbackDeliveryService } from './delivery/callback-delivery.service';
import { CallbackSender } from './delivery/callback-sender';
import { CallbackEventsRepository } from './outbox/callback-events.repository';
import { CallbacksService } from './outbox/callbacks.service';
import { CallbackSettingsRepository } from './settings/callback-settings.repository';
import { CallbackSettingsService } from './settings/callback-settings.service';

/**
 * Callbacks to merchants: settings (URLs, token, signing secret), the outbox other modules
 * emit into, the delivery log and resend. The worker lives in CallbackWorkerModule so
 * only the server runs it.
 */
@Module({
  imports: [MetricsModule],
  controllers: [CallbacksController],
  providers: [
    CallbackSettingsRepository,
    CallbackSettingsService,
    CallbackEventsRepository,
    CallbacksService,
    CallbackSender,
    CallbackDeliveriesRepository,
    CallbackDeliveryService,
    CallbackMetrics,
  ],
  exports: [CallbackSettingsService, CallbacksService, CallbackDeliveryService],
})
export class CallbacksModule {}

import { Module } from '@nestjs/common';
import { CallbacksModule } from '../callbacks.module';
import { CallbackDeliveryWorker } from './callback-delivery.worker';

/** The background delivery loop; imported by the HTTP server only, never by the CLI. */
@Module({ imports: [CallbacksModule], providers: [CallbackDeliveryWorker] })
export class CallbackDeliveryWorkerModule {}

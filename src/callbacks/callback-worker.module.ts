import { Module } from '@nestjs/common';
import { CallbacksModule } from './callbacks.module';
import { CallbackWorker } from './delivery/callback-worker';

/** The background delivery loop; imported by the HTTP server only, never by the CLI. */
@Module({ imports: [CallbacksModule], providers: [CallbackWorker] })
export class CallbackWorkerModule {}

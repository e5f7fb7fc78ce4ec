import { Module } from '@nestjs/common';
import { IdempotencyPurgeWorker } from './idempotency-purge.worker';

/** The purge of expired keys; imported by the HTTP server only. */
@Module({ providers: [IdempotencyPurgeWorker] })
export class IdempotencyPurgeWorkerModule {}

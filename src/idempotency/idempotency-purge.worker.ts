import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PollingLoop } from '../common/polling-loop';
import { IdempotencyService } from './idempotency.service';

const PURGE_INTERVAL_MS = 10 * 60 * 1000;

/** Deletes expired idempotency keys every ten minutes (in batches; several instances are harmless). */
@Injectable()
export class IdempotencyPurgeWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PollingLoop;

  constructor(idempotency: IdempotencyService) {
    this.loop = new PollingLoop(IdempotencyPurgeWorker.name, PURGE_INTERVAL_MS, async () => (await idempotency.purgeExpired()) > 0);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}

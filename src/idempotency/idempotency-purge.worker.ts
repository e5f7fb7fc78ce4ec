import { Injectable } from '@nestjs/common';
import { PollingWorker } from '../common/polling-worker';
import { IdempotencyService } from './idempotency.service';

const PURGE_INTERVAL_MS = 10 * 60 * 1000;

/** Deletes expired idempotency keys every ten minutes (in batches; several instances are harmless). */
@Injectable()
export class IdempotencyPurgeWorker extends PollingWorker {
  constructor(private readonly idempotency: IdempotencyService) {
    super({ intervalMs: PURGE_INTERVAL_MS });
  }

  protected async tick(): Promise<boolean> {
    return (await this.idempotency.purgeExpired()) > 0;
  }
}

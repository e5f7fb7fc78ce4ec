import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PollingLoop } from '../../common/polling-loop';
import { AppConfig } from '../../config/app-config';
import { CallbackDeliveryService } from './callback-delivery.service';

/**
 * Keeps up to CALLBACK_CONCURRENCY deliveries in flight: claims as many due events as
 * there are free slots, then sleeps until a slot frees or the poll interval passes. It
 * stops before the database pool closes; anything unfinished is redelivered after its lease.
 */
@Injectable()
export class CallbackWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CallbackWorker.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly loop: PollingLoop;

  constructor(
    private readonly delivery: CallbackDeliveryService,
    private readonly config: AppConfig,
  ) {
    this.loop = new PollingLoop(CallbackWorker.name, config.callbacks.pollIntervalMs, () => this.fillSlots());
  }

  onApplicationBootstrap(): void {
    if (this.config.callbacks.workerEnabled) this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  private async fillSlots(): Promise<boolean> {
    const free = this.config.callbacks.concurrency - this.inFlight.size;
    if (free <= 0) return false;
    for (const event of await this.delivery.claim(free)) {
      const tracked: Promise<void> = this.delivery
        .deliver(event)
        .catch((error: unknown) => this.logger.error({ err: error }, 'Callback delivery failed'))
        .finally(() => {
          this.inFlight.delete(tracked);
          this.loop.wake();
        });
      this.inFlight.add(tracked);
    }
    return false;
  }
}

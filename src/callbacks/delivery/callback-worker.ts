import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { CallbackDeliveryService } from './callback-delivery.service';

/**
 * Keeps up to CALLBACK_CONCURRENCY deliveries in flight: claims as many due events as
 * there are free slots, and polls every CALLBACK_POLL_INTERVAL_MS when idle. It stops
 * before the database pool closes; anything unfinished is redelivered after its lease.
 */
@Injectable()
export class CallbackWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CallbackWorker.name);
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  private wake: () => void = () => undefined;

  constructor(
    private readonly delivery: CallbackDeliveryService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.callbacks.workerEnabled) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
    await Promise.allSettled([...this.inFlight]);
  }

  private async loop(): Promise<void> {
    const { concurrency, pollIntervalMs } = this.config.callbacks;
    while (this.running) {
      const free = concurrency - this.inFlight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const events = await this.delivery.claim(free);
          claimed = events.length;
          for (const event of events) this.track(this.delivery.deliver(event));
        } catch (error) {
          this.logger.error({ err: error }, 'Claiming callback events failed');
        }
      }
      // Full: wait for a slot. Nothing due: wait for the next poll (or a freed slot).
      if (claimed === 0 || claimed === free) await this.sleep(pollIntervalMs);
    }
  }

  private track(delivery: Promise<void>): void {
    const tracked: Promise<void> = delivery
      .catch((error: unknown) => this.logger.error({ err: error }, 'Callback delivery failed'))
      .finally(() => {
        this.inFlight.delete(tracked);
        this.wake();
      });
    this.inFlight.add(tracked);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

import { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { PollingLoop } from './polling-loop';

/**
 * The one shape of a background worker (`<name>.worker.ts`, provided by
 * `<name>-worker.module.ts`, which only the server imports): `tick` runs in a PollingLoop
 * started once the application has booted, if enabled, and stopped before it shuts down.
 * Coordination across instances is the tick's business (SKIP LOCKED claims, advisory locks).
 */
export abstract class PollingWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PollingLoop;
  private readonly enabled: boolean;

  protected constructor(options: { intervalMs: number; enabled?: boolean }) {
    this.loop = new PollingLoop(this.constructor.name, options.intervalMs, () => this.tick());
    this.enabled = options.enabled ?? true;
  }

  /** One round of work; true when there may be more to do at once. */
  protected abstract tick(): Promise<boolean>;

  /** What to finish after the last tick, before shutdown (e.g. work still in flight). */
  protected async drain(): Promise<void> {}

  /** Ends the current pause early (e.g. a slot became free). */
  protected wake(): void {
    this.loop.wake();
  }

  onApplicationBootstrap(): void {
    if (this.enabled) this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.drain();
  }
}

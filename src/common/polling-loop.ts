import { Logger } from '@nestjs/common';

/**
 * Runs `tick` again and again: at once while it reports more work, otherwise after
 * `intervalMs` or when woken. Background workers build on it; all their coordination
 * across instances is in the database (SKIP LOCKED claims), never in this loop.
 */
export class PollingLoop {
  private readonly logger: Logger;
  private running = false;
  private done: Promise<void> = Promise.resolve();
  private wakeSleeper: () => void = () => undefined;
  /** A wake() that came while no sleep was on: the next sleep ends at once (no lost wake-up). */
  private woken = false;

  constructor(
    name: string,
    private readonly intervalMs: number,
    private readonly tick: () => Promise<boolean>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  /** Stops after the current tick. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeSleeper();
    await this.done;
  }

  /** Ends the current sleep early (e.g. a delivery slot became free). */
  wake(): void {
    this.woken = true;
    this.wakeSleeper();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let moreWork = false;
      try {
        moreWork = await this.tick();
      } catch (error) {
        this.logger.error({ err: error }, 'Background tick failed; retrying after the interval');
      }
      if (!moreWork && this.running) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.intervalMs);
      this.wakeSleeper = () => {
        this.woken = false;
        this.wakeSleeper = () => undefined;
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { PollingWorker } from '../../common/polling-worker';
import { AppConfig } from '../../config/app-config';
import { AttemptResult, CallbackDeliveryService, ClaimedEvent } from './callback-delivery.service';

/**
 * Keeps up to CALLBACK_CONCURRENCY deliveries in flight. Each round it records, in one
 * statement, every attempt that finished since the last round, then claims as many due
 * events as there are free slots in one claim, and starts sending them; it sleeps until
 * an attempt finishes or the poll interval passes. A slot stays taken until its result is
 * recorded. It stops before the database pool closes, recording what finished; anything
 * unfinished is redelivered after its lease.
 */
@Injectable()
export class CallbackDeliveryWorker extends PollingWorker {
  private readonly logger = new Logger(CallbackDeliveryWorker.name);
  private readonly sending = new Set<Promise<void>>();
  private finished: AttemptResult[] = [];
  /** Slots taken: attempts being sent plus finished attempts not yet recorded. */
  private taken = 0;

  constructor(
    private readonly delivery: CallbackDeliveryService,
    private readonly config: AppConfig,
  ) {
    super({ intervalMs: config.callbacks.pollIntervalMs, enabled: config.callbacks.workerEnabled });
  }

  protected override async drain(): Promise<void> {
    await Promise.allSettled([...this.sending]);
    await this.recordFinished().catch((error: unknown) => this.logger.error({ err: error }, 'Recording callback attempts failed'));
  }

  /** Returns true when there may be more to do at once (a full batch claimed, or attempts finished meanwhile). */
  protected async tick(): Promise<boolean> {
    const results = this.finished;
    this.finished = [];
    // Slots of the results recorded in this round are free for the claim in it.
    const free = this.config.callbacks.concurrency - this.taken + results.length;
    let claimed: ClaimedEvent[];
    try {
      claimed = await this.delivery.recordAndClaim(results, free);
    } catch (error) {
      this.finished = [...results, ...this.finished];
      throw error;
    }
    this.taken -= results.length;
    for (const event of claimed) this.start(event);
    return (free > 0 && claimed.length === free) || this.finished.length > 0;
  }

  private async recordFinished(): Promise<void> {
    if (!this.finished.length) return;
    const batch = this.finished;
    this.finished = [];
    try {
      await this.delivery.record(batch);
    } catch (error) {
      this.finished = [...batch, ...this.finished];
      throw error;
    }
    this.taken -= batch.length;
  }

  private start(event: ClaimedEvent): void {
    this.taken += 1;
    const tracked: Promise<void> = this.delivery
      .attempt(event)
      .then(
        (result) => void this.finished.push(result),
        (error: unknown) => {
          // Not recorded: the lease runs out and the event is delivered again.
          this.taken -= 1;
          this.logger.error({ err: error, eventId: event.id }, 'Callback delivery failed');
        },
      )
      .finally(() => {
        this.sending.delete(tracked);
        this.wake();
      });
    this.sending.add(tracked);
  }
}

import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PollingLoop } from '../../common/polling-loop';
import { LedgerService } from './ledger.service';

const ROLLUP_INTERVAL_MS = 1_000;
const ROLLUP_BATCH = 10_000;

/**
 * Folds system accounts' movements into their balance columns every second (at once again
 * while a full batch was found). Balances never wait for it (reads add the movements left),
 * it only keeps that remainder small. Any number of instances: one rolls up at a time.
 */
@Injectable()
export class LedgerRollupWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PollingLoop;

  constructor(ledger: LedgerService) {
    this.loop = new PollingLoop(LedgerRollupWorker.name, ROLLUP_INTERVAL_MS, async () => (await ledger.rollUp(ROLLUP_BATCH)) === ROLLUP_BATCH);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}

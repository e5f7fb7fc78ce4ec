import { Injectable } from '@nestjs/common';
import { PollingWorker } from '../../common/polling-worker';
import { LedgerService } from './ledger.service';

const ROLLUP_INTERVAL_MS = 1_000;
const ROLLUP_BATCH = 10_000;

/**
 * Folds system accounts' movements into their balance columns every second (at once again
 * while a full batch was found). Balances never wait for it (reads add the movements left),
 * it only keeps that remainder small. Any number of instances: one rolls up at a time.
 */
@Injectable()
export class LedgerRollupWorker extends PollingWorker {
  constructor(private readonly ledger: LedgerService) {
    super({ intervalMs: ROLLUP_INTERVAL_MS });
  }

  protected async tick(): Promise<boolean> {
    return (await this.ledger.rollUp(ROLLUP_BATCH)) === ROLLUP_BATCH;
  }
}

import { Injectable } from '@nestjs/common';
import { PollingWorker } from '../../common/polling-worker';
import { AppConfig } from '../../config/app-config';
import { PayoutDispatcher } from './payout-dispatcher.service';

/** Sends queued production payouts and checks those in doubt, one SKIP LOCKED claim at a time. */
@Injectable()
export class PayoutDispatchWorker extends PollingWorker {
  constructor(
    private readonly dispatcher: PayoutDispatcher,
    config: AppConfig,
  ) {
    super({ intervalMs: config.providers.pollIntervalMs, enabled: config.providers.workerEnabled });
  }

  protected tick(): Promise<boolean> {
    return this.dispatcher.dispatchDue();
  }
}

import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PollingLoop } from '../../common/polling-loop';
import { AppConfig } from '../../config/app-config';
import { PayoutDispatcher } from './payout-dispatcher.service';

/** Sends queued production payouts and checks those in doubt, one SKIP LOCKED claim at a time. */
@Injectable()
export class PayoutDispatchWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PollingLoop;

  constructor(
    dispatcher: PayoutDispatcher,
    private readonly config: AppConfig,
  ) {
    this.loop = new PollingLoop(PayoutDispatchWorker.name, config.providers.pollIntervalMs, () => dispatcher.dispatchDue());
  }

  onApplicationBootstrap(): void {
    if (this.config.providers.workerEnabled) this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}

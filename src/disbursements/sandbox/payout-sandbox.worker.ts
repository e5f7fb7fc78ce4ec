import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PollingLoop } from '../../common/polling-loop';
import { AppConfig } from '../../config/app-config';
import { PayoutsService } from '../payouts/payouts.service';

/**
 * The development bank for money out: finishes sandbox payouts whose outcome is due
 * (SANDBOX_DISBURSEMENT_SECONDS after creation), one SKIP LOCKED claim at a time.
 */
@Injectable()
export class PayoutSandboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PollingLoop;

  constructor(
    payouts: PayoutsService,
    private readonly config: AppConfig,
  ) {
    this.loop = new PollingLoop(PayoutSandboxWorker.name, config.sandbox.pollIntervalMs, () => payouts.finishSandboxDue());
  }

  onApplicationBootstrap(): void {
    if (this.config.sandbox.workerEnabled) this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}

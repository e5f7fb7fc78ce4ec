import { Injectable } from '@nestjs/common';
import { PollingWorker } from '../../common/polling-worker';
import { AppConfig } from '../../config/app-config';
import { PayoutsService } from '../payouts/payouts.service';

/**
 * The development bank for money out: finishes sandbox payouts whose outcome is due
 * (SANDBOX_DISBURSEMENT_SECONDS after creation), one SKIP LOCKED claim at a time.
 */
@Injectable()
export class PayoutSandboxWorker extends PollingWorker {
  constructor(
    private readonly payouts: PayoutsService,
    config: AppConfig,
  ) {
    super({ intervalMs: config.sandbox.pollIntervalMs, enabled: config.sandbox.workerEnabled });
  }

  protected tick(): Promise<boolean> {
    return this.payouts.finishSandboxDue();
  }
}

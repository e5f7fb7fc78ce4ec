import { Injectable } from '@nestjs/common';
import { PollingWorker } from '../common/polling-worker';
import { AppConfig } from '../config/app-config';
import { SettlementService } from './settlement.service';

const RESUME_INTERVAL_MS = 60_000;

/** Resumes, at start and every minute, any settlement run a crash left unfinished. */
@Injectable()
export class SettlementResumeWorker extends PollingWorker {
  constructor(
    private readonly settlement: SettlementService,
    config: AppConfig,
  ) {
    super({ intervalMs: RESUME_INTERVAL_MS, enabled: config.settlement.schedulerEnabled });
  }

  protected async tick(): Promise<boolean> {
    await this.settlement.resumeUnfinished();
    return false;
  }
}

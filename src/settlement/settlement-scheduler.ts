import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { PollingLoop } from '../common/polling-loop';
import { AppConfig } from '../config/app-config';
import { SettlementService } from './settlement.service';

const RESUME_INTERVAL_MS = 60_000;

/**
 * Fires the production settlement at SETTLEMENT_CRON in SETTLEMENT_TIMEZONE (14:00
 * Asia/Jakarta) on every instance; the run's unique row and advisory lock make it happen
 * once. Also resumes, at start and every minute, any run a crash left unfinished.
 */
@Injectable()
export class SettlementScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SettlementScheduler.name);
  private readonly resumer: PollingLoop;

  constructor(
    private readonly settlement: SettlementService,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {
    this.resumer = new PollingLoop('SettlementResumer', RESUME_INTERVAL_MS, async () => {
      await this.settlement.resumeUnfinished();
      return false;
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.settlement.schedulerEnabled) return;
    const { cron, timezone } = this.config.settlement;
    const job = CronJob.from({ cronTime: cron, timeZone: timezone, onTick: () => this.fire(), start: true });
    this.registry.addCronJob('daily-settlement', job);
    this.resumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('cron', 'daily-settlement')) this.registry.deleteCronJob('daily-settlement');
    await this.resumer.stop();
  }

  private async fire(): Promise<void> {
    const date = this.settlement.today();
    try {
      const run = await this.settlement.run('production', date, 'schedule');
      this.logger.log({ run_id: run.id, business_date: date, status: run.status }, 'Daily settlement triggered');
    } catch (error) {
      this.logger.error({ err: error, business_date: date }, 'Daily settlement failed; it resumes within a minute');
    }
  }
}

import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../config/app-config';
import { SettlementService } from './settlement.service';

/**
 * Fires the production settlement at SETTLEMENT_CRON in SETTLEMENT_TIMEZONE (14:00
 * Asia/Jakarta) on every instance; the run's unique row and advisory lock make it happen
 * once. (SettlementResumeWorker finishes runs a crash interrupted.)
 */
@Injectable()
export class SettlementScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SettlementScheduler.name);

  constructor(
    private readonly settlement: SettlementService,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.settlement.schedulerEnabled) return;
    const { cron, timezone } = this.config.settlement;
    const job = CronJob.from({ cronTime: cron, timeZone: timezone, onTick: () => this.fire(), start: true });
    this.registry.addCronJob('daily-settlement', job);
  }

  beforeApplicationShutdown(): void {
    if (this.registry.doesExist('cron', 'daily-settlement')) this.registry.deleteCronJob('daily-settlement');
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

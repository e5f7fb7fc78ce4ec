import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { SettlementResumeWorker } from './settlement-resume.worker';
import { SettlementScheduler } from './settlement-scheduler';
import { SettlementModule } from './settlement.module';

/** The cron and the resumer; imported by the HTTP server only, never by the CLI. */
@Module({ imports: [ScheduleModule.forRoot(), SettlementModule], providers: [SettlementScheduler, SettlementResumeWorker] })
export class SettlementSchedulerModule {}

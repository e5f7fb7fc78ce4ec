import { Injectable, OnModuleInit } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { SettlementRepository } from './settlement.repository';

/**
 * The latest completed business date per environment, read at every scrape (any instance
 * may have run it), as the Unix time of that date at 00:00 UTC: an alert compares it with
 * the date the daily run should have completed by (deploy/prometheus/alerts.yml).
 */
@Injectable()
export class SettlementMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly runs: SettlementRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape('settlement', () => this.collect());
  }

  async collect(): Promise<void> {
    for (const { environment, business_date } of await this.runs.lastCompletedDates()) {
      this.metrics.settlementLastCompletedDate.set({ environment }, Date.parse(`${business_date}T00:00:00Z`) / 1000);
    }
  }
}

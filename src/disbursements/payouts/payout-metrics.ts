import { Injectable, OnModuleInit } from '@nestjs/common';
import { ENVIRONMENTS } from '../../common/environment';
import { MetricsService } from '../../metrics/metrics.service';
import { PayoutsInDoubtService } from '../in-doubt/payouts-in-doubt.service';
import { PayoutsService } from './payouts.service';

/** Every stage an unfinished payout can be at, so each shows (0 when empty) rather than vanishing. */
const STAGES = ['sandbox', 'manual', 'queued', 'inquired', 'submitting', 'submitted'];

/** Payouts by stage and payouts in doubt, read from the database at every scrape. */
@Injectable()
export class PayoutMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly payouts: PayoutsService,
    private readonly inDoubt: PayoutsInDoubtService,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape('payouts', () => this.collect());
  }

  async collect(now = new Date()): Promise<void> {
    const [pending, doubt] = await Promise.all([this.payouts.pendingByStage(), this.inDoubt.summary()]);
    for (const environment of ENVIRONMENTS) {
      for (const stage of STAGES) {
        this.metrics.payoutsPending.set({ environment, stage }, pending.find((row) => row.environment === environment && row.stage === stage)?.count ?? 0);
      }
    }
    this.metrics.payoutsInDoubt.set(doubt.count);
    this.metrics.payoutsInDoubtOldestAge.set(doubt.oldest_submitted_at ? Math.max(0, (now.getTime() - doubt.oldest_submitted_at.getTime()) / 1000) : 0);
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { MetricsService } from '../../metrics/metrics.service';
import { CallbacksService } from '../outbox/callbacks.service';
import type { DeliveryOutcome } from './callback-sender';

/** Failed (given-up) events count towards failing endpoints for this long. */
const FAILED_WINDOW_MS = 24 * 60 * 60 * 1000;

/** An attempt's outcome as a metric label: delivered (2xx), rejected (any other answer), unreachable (no answer). */
export function attemptOutcome(outcome: DeliveryOutcome): 'delivered' | 'rejected' | 'unreachable' {
  return outcome.delivered ? 'delivered' : outcome.statusCode !== null ? 'rejected' : 'unreachable';
}

/** The callback backlog and failing endpoints, read from the outbox at every scrape. */
@Injectable()
export class CallbackMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly callbacks: CallbacksService,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape('callbacks', () => this.collect());
  }

  async collect(now = new Date()): Promise<void> {
    for (const row of await this.callbacks.deliveryMetrics(new Date(now.getTime() - FAILED_WINDOW_MS))) {
      const labels = { environment: row.environment };
      this.metrics.callbackEventsDue.set(labels, row.due);
      this.metrics.callbackEventsRetrying.set(labels, row.retrying);
      this.metrics.callbackOldestDueAge.set(labels, row.oldest_due_at ? Math.max(0, (now.getTime() - row.oldest_due_at.getTime()) / 1000) : 0);
      this.metrics.callbackEndpointsFailing.set(labels, row.failing_endpoints);
    }
  }
}

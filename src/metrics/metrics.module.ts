import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { DatabasePoolMetrics } from './database-pool.metrics';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics (README "Monitoring"). A leaf module: it imports no domain module.
 * Modules that record metrics import it and use MetricsService (counters as things happen,
 * `onScrape` collectors for state read at scrape time); the operator-only `GET /metrics`
 * endpoint is AdminMetricsController. In the HTTP server every request is counted
 * (HttpMetricsMiddleware); the CLI builds the same modules but serves no metrics.
 */
@Module({
  providers: [MetricsService, DatabasePoolMetrics],
  exports: [MetricsService],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}

import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController, ApiOperation } from '@nestjs/swagger';
import { METRICS_CONTENT_TYPE, MetricsService } from '../metrics/metrics.service';
import { AdminApi } from './admin-api.decorator';

/**
 * Prometheus metrics for scrapers (README "Monitoring"): any operator token (a `read`
 * scope is enough) or ADMIN_API_TOKEN, e.g. a scrape config's
 * `authorization: { credentials: <token> }`. Not in the API documents: it is not JSON.
 */
@ApiExcludeController()
@AdminApi()
@Controller('metrics')
export class AdminMetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({ operationId: 'adminScrapeMetrics', summary: 'Prometheus metrics in the text exposition format' })
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}

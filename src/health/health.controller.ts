import { Controller, Get, Logger, ServiceUnavailableException, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { DomainError } from '../common/errors/domain-error';
import { Sql } from '../database/sql';
import { HealthCheckResponseFilter } from './health-check-response.filter';
import { MigrationsHealthIndicator } from './migrations.health';

class HealthDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';

  @ApiProperty({ example: 'up', description: 'The database answered a query.' })
  database: 'up';
}

/** How long the database may take to answer readiness's ping. */
const DATABASE_PING_TIMEOUT_MS = 2_000;

@ApiTags('Health')
@Controller('health')
@UseFilters(HealthCheckResponseFilter)
export class HealthController {
  private readonly logger = new Logger('Readiness');
  /** Readiness's last answer, so a change is logged once rather than every probe. */
  private lastReady: boolean | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly migrations: MigrationsHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'checkHealth',
    summary: 'Database check',
    description:
      'No authentication. 200 when the database answers a query, else 503 `SERVICE_UNAVAILABLE_ERROR`. Kept for existing load balancers: ' +
      'orchestrators should probe `/health/live` (liveness) and `/health/ready` (readiness).',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiErrorResponses('RATE_LIMITED_ERROR', 'SERVICE_UNAVAILABLE_ERROR')
  async check(): Promise<HealthDto> {
    try {
      await this.sql.query('SELECT 1');
    } catch {
      throw new DomainError('SERVICE_UNAVAILABLE_ERROR', 'The database is not reachable');
    }
    return { status: 'ok', database: 'up' };
  }

  @Get('live')
  @ApiOperation({
    operationId: 'checkLiveness',
    summary: 'Liveness probe',
    description:
      'No authentication. 200 while the process serves HTTP; it does not touch the database, so a database outage does not get ' +
      'the instance restarted. 503 only while the server is shutting down.',
  })
  @HealthCheck()
  @ApiErrorResponses('RATE_LIMITED_ERROR')
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.check('process').up({ uptime_seconds: Math.round(process.uptime()) })]);
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'checkReadiness',
    summary: 'Readiness probe',
    description:
      'No authentication. 200 when the database answers within 2 s and has applied every migration this build ships; otherwise ' +
      '503 with the failing checks under `error` (`migrations.pending` names the migrations not applied yet), and while shutting down.',
  })
  @HealthCheck()
  @ApiErrorResponses('RATE_LIMITED_ERROR')
  async ready(): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('database', { timeout: DATABASE_PING_TIMEOUT_MS }),
        () => this.migrations.check('migrations'),
      ]);
      this.noteReadiness(true, result);
      return result;
    } catch (error) {
      if (error instanceof ServiceUnavailableException) this.noteReadiness(false, error.getResponse() as HealthCheckResult);
      throw error;
    }
  }

  private noteReadiness(ready: boolean, result: HealthCheckResult): void {
    if (ready === this.lastReady) return;
    this.lastReady = ready;
    if (ready) this.logger.log({ event: 'readiness.ready' }, 'Ready: the database answers and every migration is applied');
    else this.logger.warn({ event: 'readiness.not_ready', status: result.status, failing: result.error }, 'Not ready');
  }
}

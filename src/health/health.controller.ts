import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { DomainError } from '../common/errors/domain-error';
import { Sql } from '../database/sql';

class HealthDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';

  @ApiProperty({ example: 'up', description: 'The database answered a query.' })
  database: 'up';
}

@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(private readonly sql: Sql) {}

  @Get()
  @ApiOperation({ operationId: 'checkHealth', summary: 'Liveness and database check', description: 'No authentication; for load balancers.' })
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
}

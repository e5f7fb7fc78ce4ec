import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { type AuthenticatedPerson, CurrentPerson, DashboardApi } from '../common/http/dashboard-api';
import { type Page, PageQueryDto } from '../common/pagination';
import { AuditEntryDto, AuditEntryPageDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('Dashboard')
@DashboardApi()
@Controller('api/dashboard/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    operationId: 'listAuditEntries',
    summary: 'Owners: every change made to your merchant, newest first',
    description: 'Sign-ins, key rotations, people changes and every change made through the dashboard, both environments; also operator actions (person null).',
  })
  @ApiOkResponse({ type: AuditEntryPageDto })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  list(@CurrentPerson() person: AuthenticatedPerson, @Query() query: PageQueryDto): Promise<Page<AuditEntryDto>> {
    return this.audit.list(person.merchantId, query);
  }
}

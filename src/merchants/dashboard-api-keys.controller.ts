import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { type AuthenticatedPerson, CurrentActor, CurrentPerson, DashboardApi, type RequestActor } from '../common/http/dashboard-api';
import { DashboardApiKeysDto, DashboardEnvironmentParamDto, DashboardRotatedApiKeyDto } from './merchants.dto';
import { MerchantsService } from './merchants.service';

/** The dashboard's API keys page: each environment's key hint, and rotation (the new key shown once). */
@ApiTags('Dashboard')
@DashboardApi()
@Controller('api/dashboard/api-keys')
export class DashboardApiKeysController {
  constructor(private readonly merchants: MerchantsService) {}

  @Get()
  @ApiOperation({ operationId: 'listApiKeys', summary: "Your API keys (the spec's access tokens): a hint of each environment's active key" })
  @ApiOkResponse({ type: DashboardApiKeysDto })
  list(@CurrentPerson() person: AuthenticatedPerson): Promise<DashboardApiKeysDto> {
    return this.merchants.apiKeySummaries(person.merchantId);
  }

  @Post(':environment/rotate')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateApiKey',
    summary: 'Issue a new key for an environment; the old one stops working at once',
    description: 'The new key is in this answer only. Recorded in the audit trail (`api_key.rotated`, with the hints).',
  })
  @ApiOkResponse({ type: DashboardRotatedApiKeyDto })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  rotate(
    @CurrentPerson() person: AuthenticatedPerson,
    @CurrentActor() actor: RequestActor,
    @Param() { environment }: DashboardEnvironmentParamDto,
  ): Promise<DashboardRotatedApiKeyDto> {
    return this.merchants.rotateApiKey(person.merchantId, environment, actor);
  }
}

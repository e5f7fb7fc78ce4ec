import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { CurrentActor, type RequestActor } from '../common/http/dashboard-api';
import { MerchantsService } from '../merchants/merchants.service';
import { AddedPersonDto, OperatorNewPersonDto } from '../people/people.dto';
import { PeopleService } from '../people/people.service';
import { AdminApi } from './admin-api.decorator';
import { RecordedByItsService } from './admin-audit.interceptor';
import {
  CreatedMerchantDto,
  CreateMerchantDto,
  EnvironmentParamDto,
  MerchantDto,
  ProductionSwitchDto,
  RevokedApiKeyDto,
  RotatedApiKeyDto,
} from './admin.dto';

@ApiTags('Admin: merchants')
@AdminApi()
@Controller('admin/merchants')
export class AdminMerchantsController {
  constructor(
    private readonly merchants: MerchantsService,
    private readonly people: PeopleService,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'adminCreateMerchant', summary: 'Create a merchant', description: 'Same as `npm run cli -- merchants:create`.' })
  @ApiCreatedResponse({ type: CreatedMerchantDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'DUPLICATE_MERCHANT_ERROR')
  create(@Body() body: CreateMerchantDto): Promise<CreatedMerchantDto> {
    return this.merchants.create(body);
  }

  @Get()
  @ApiOperation({ operationId: 'adminListMerchants', summary: 'List merchants' })
  @ApiOkResponse({ type: [MerchantDto] })
  list(): Promise<MerchantDto[]> {
    return this.merchants.list();
  }

  @Get(':id')
  @ApiOperation({ operationId: 'adminGetMerchant', summary: 'Show a merchant' })
  @ApiOkResponse({ type: MerchantDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR')
  get(@Param('id') id: string): Promise<MerchantDto> {
    return this.merchants.get(id);
  }

  @Post(':id/api-keys/:environment/rotate')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRotateApiKey', summary: 'Issue a new key for an environment, revoking the old one' })
  @ApiOkResponse({ type: RotatedApiKeyDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR', 'API_VALIDATION_ERROR')
  @RecordedByItsService()
  rotateKey(@Param('id') id: string, @Param() { environment }: EnvironmentParamDto, @CurrentActor() actor: RequestActor): Promise<RotatedApiKeyDto> {
    return this.merchants.rotateApiKey(id, environment, actor);
  }

  @Post(':id/api-keys/:environment/revoke')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRevokeApiKey', summary: 'Revoke the active key of an environment' })
  @ApiOkResponse({ type: RevokedApiKeyDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR', 'API_KEY_NOT_FOUND_ERROR', 'API_VALIDATION_ERROR')
  @RecordedByItsService()
  revokeKey(@Param('id') id: string, @Param() { environment }: EnvironmentParamDto, @CurrentActor() actor: RequestActor): Promise<RevokedApiKeyDto> {
    return this.merchants.revokeApiKey(id, environment, actor);
  }

  @Post(':id/production')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'adminSetProductionEnabled',
    summary: "Switch production on or off for a merchant (its production key and its people's sessions)",
    description:
      'Merchants that sign up on the dashboard start with production off; merchants created here have it on. Off, the production key ' +
      'is refused with `PRODUCTION_NOT_ENABLED_ERROR` on every instance at once. Same as `npm run cli -- merchants:production <id> on|off`. Recorded in the merchant\'s audit trail.',
  })
  @ApiOkResponse({ type: MerchantDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR', 'API_VALIDATION_ERROR')
  @RecordedByItsService()
  setProduction(@Param('id') id: string, @Body() body: ProductionSwitchDto, @CurrentActor() actor: RequestActor): Promise<MerchantDto> {
    return this.merchants.setProductionEnabled(id, body.enabled, actor);
  }

  @Post(':id/people')
  @ApiOperation({
    operationId: 'adminAddPerson',
    summary: "Add a person to a merchant's dashboard (e.g. the first owner of a merchant created here)",
    description: 'Their first password is generated and shown only in this answer; they change it in the dashboard. Same as `npm run cli -- merchants:add-person`.',
  })
  @ApiCreatedResponse({ type: AddedPersonDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR', 'API_VALIDATION_ERROR', 'DUPLICATE_PERSON_ERROR')
  @RecordedByItsService()
  addPerson(@Param('id') id: string, @Body() body: OperatorNewPersonDto, @CurrentActor() actor: RequestActor): Promise<AddedPersonDto> {
    return this.people.addPersonByOperator(id, { name: body.name, email: body.email, role: body.role }, actor);
  }

  @Post(':id/callback-token/rotate')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRotateCallbackToken', summary: 'Issue a new callback token (X-CALLBACK-TOKEN)' })
  @ApiOkResponse({ type: MerchantDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR')
  rotateCallbackToken(@Param('id') id: string): Promise<MerchantDto> {
    return this.merchants.rotateCallbackToken(id);
  }
}

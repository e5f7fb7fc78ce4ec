import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { CurrentActor, type RequestActor } from '../common/http/dashboard-api';
import { toJsonInteger } from '../common/json-integer';
import { CallbacksService } from '../callbacks/outbox/callbacks.service';
import { MerchantsService } from '../merchants/merchants.service';
import type { WalletBalance } from '../wallets/wallets.service';
import { AddedPersonDto, OperatorNewPersonDto, PersonDto } from '../people/people.dto';
import { PeopleService } from '../people/people.service';
import { AdminApi } from './admin-api.decorator';
import { RecordedByItsService } from './admin-audit.interceptor';
import {
  CreatedMerchantDto,
  CreateMerchantDto,
  EnvironmentParamDto,
  MerchantCallbackHealthDto,
  MerchantDto,
  MerchantListQueryDto,
  MerchantWalletsDto,
  ProductionSwitchDto,
  RevokedApiKeyDto,
  RotatedApiKeyDto,
  SuspendMerchantDto,
  UnsuspendMerchantDto,
} from './admin.dto';

@ApiTags('Admin: merchants')
@AdminApi()
@Controller('admin/merchants')
export class AdminMerchantsController {
  constructor(
    private readonly merchants: MerchantsService,
    private readonly people: PeopleService,
    private readonly callbacks: CallbacksService,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'adminCreateMerchant', summary: 'Create a merchant', description: 'Same as `npm run cli -- merchants:create`.' })
  @ApiCreatedResponse({ type: CreatedMerchantDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'DUPLICATE_MERCHANT_ERROR')
  create(@Body() body: CreateMerchantDto): Promise<CreatedMerchantDto> {
    return this.merchants.create(body);
  }

  @Get()
  @ApiOperation({ operationId: 'adminListMerchants', summary: 'List merchants, oldest first (search: by a part of the name or email)' })
  @ApiOkResponse({ type: [MerchantDto] })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  list(@Query() query: MerchantListQueryDto): Promise<MerchantDto[]> {
    return this.merchants.list(query.search);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'adminGetMerchant', summary: 'Show a merchant' })
  @ApiOkResponse({ type: MerchantDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR')
  get(@Param('id') id: string): Promise<MerchantDto> {
    return this.merchants.get(id);
  }

  @Get(':id/wallets')
  @ApiOperation({
    operationId: 'adminGetMerchantWallets',
    summary: "A merchant's income and disburse wallets in both environments, from the ledger",
    description: 'The figures behind `GET /api/v2/wallets/calculation`, for both environments at once.',
  })
  @ApiOkResponse({ type: MerchantWalletsDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR')
  async wallets(@Param('id') id: string): Promise<MerchantWalletsDto> {
    const wallets = await this.merchants.walletBalances(id);
    const environment = (kinds: (typeof wallets)['production']) => ({ income: walletFigures(kinds.income), disburse: walletFigures(kinds.disburse) });
    return { development: environment(wallets.development), production: environment(wallets.production) };
  }

  @Get(':id/people')
  @ApiOperation({ operationId: 'adminListMerchantPeople', summary: "The people who sign in to a merchant's dashboard, and their roles" })
  @ApiOkResponse({ type: [PersonDto] })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR')
  async listPeople(@Param('id') id: string): Promise<PersonDto[]> {
    await this.merchants.get(id);
    return this.people.team(id);
  }

  @Get(':id/callback-health')
  @ApiOperation({
    operationId: 'adminGetMerchantCallbackHealth',
    summary: "A merchant's callbacks per environment: pending, retrying and failed events, and the newest delivery attempt",
  })
  @ApiOkResponse({ type: MerchantCallbackHealthDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR')
  async callbackHealth(@Param('id') id: string): Promise<MerchantCallbackHealthDto> {
    await this.merchants.get(id);
    return this.callbacks.merchantHealth(id);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'adminSuspendMerchant',
    summary: "Suspend a merchant: its API keys and its people's dashboard sessions are refused, on every instance at once",
    description:
      'Nothing else changes: payments, withdrawals and disbursements already in flight carry on, settlement and callbacks continue. ' +
      'The reason is recorded in the audit trail (which the merchant\'s owners read too). Suspending a suspended merchant keeps the first suspension.',
  })
  @ApiOkResponse({ type: MerchantDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR', 'API_VALIDATION_ERROR')
  @RecordedByItsService()
  suspend(@Param('id') id: string, @Body() body: SuspendMerchantDto, @CurrentActor() actor: RequestActor): Promise<MerchantDto> {
    return this.merchants.suspend(id, body.reason, actor);
  }

  @Post(':id/unsuspend')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminUnsuspendMerchant', summary: 'Lift a suspension: the keys and dashboard work again at once', description: 'A merchant that is not suspended stays as it is.' })
  @ApiOkResponse({ type: MerchantDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR', 'API_VALIDATION_ERROR')
  @RecordedByItsService()
  unsuspend(@Param('id') id: string, @Body() body: UnsuspendMerchantDto, @CurrentActor() actor: RequestActor): Promise<MerchantDto> {
    return this.merchants.unsuspend(id, body.note, actor);
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

function walletFigures(balance: WalletBalance) {
  return {
    available: toJsonInteger(balance.available),
    pending_incoming: toJsonInteger(balance.pending_incoming),
    reserved: toJsonInteger(balance.reserved),
    credited: toJsonInteger(balance.credited),
    debited: toJsonInteger(balance.debited),
  };
}

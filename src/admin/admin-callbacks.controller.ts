import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { CALLBACK_URLS_SCHEMA, CallbackCredentialsDto, CallbackEventDto, CallbackHealthDto, CallbackListQueryDto } from '../callbacks/callbacks.dto';
import { AdminCallbackEventView, CallbackHealthView, CallbacksService } from '../callbacks/outbox/callbacks.service';
import { CallbackSettingsService, CallbackUrls } from '../callbacks/settings/callback-settings.service';
import { ENVIRONMENTS } from '../common/environment';
import type { Environment } from '../common/environment';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { PageDtoOf, type Page } from '../common/pagination';
import { MerchantsService } from '../merchants/merchants.service';
import { AdminApi } from './admin-api.decorator';
import { EnvironmentParamDto } from './admin.dto';

class AdminCallbackListQueryDto extends CallbackListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'merchant_id must be a UUID' })
  merchant_id?: string;

  @ApiPropertyOptional({ enum: ENVIRONMENTS })
  @IsOptional()
  @IsIn(ENVIRONMENTS)
  environment?: Environment;
}

class CallbackHealthQueryDto {
  @ApiPropertyOptional({ enum: ENVIRONMENTS, description: 'Only this environment (default: both).' })
  @IsOptional()
  @IsIn(ENVIRONMENTS)
  environment?: Environment;

  @ApiPropertyOptional({ example: '2026-11-15T00:00:00Z', description: 'Count failed events created since then (default: 7 days ago).' })
  @IsOptional()
  @IsISO8601({}, { message: 'failed_since must be an ISO 8601 date' })
  failed_since?: string;
}

class AdminCallbackEventDto extends CallbackEventDto {
  @ApiProperty({ format: 'uuid' })
  merchant_id: string;

  @ApiProperty({ enum: ENVIRONMENTS })
  environment: Environment;
}

class AdminCallbackEventPageDto extends PageDtoOf(AdminCallbackEventDto, 'AdminCallbackEventPage') {}

const WEEK_MS = 7 * 86_400_000;

@ApiTags('Admin: callbacks')
@AdminApi()
@Controller('admin')
export class AdminCallbacksController {
  constructor(
    private readonly settings: CallbackSettingsService,
    private readonly callbacks: CallbacksService,
    private readonly merchants: MerchantsService,
  ) {}

  @Get('merchants/:id/callback-urls/:environment')
  @ApiOperation({ operationId: 'adminGetCallbackUrls', summary: "A merchant's callback URLs in one environment" })
  @ApiOkResponse({ schema: CALLBACK_URLS_SCHEMA })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR')
  async urls(@Param('id') merchantId: string, @Param() { environment }: EnvironmentParamDto): Promise<CallbackUrls> {
    await this.merchants.get(merchantId);
    return this.settings.urls({ merchantId, environment });
  }

  @Put('merchants/:id/callback-urls/:environment')
  @ApiOperation({ operationId: 'adminSetCallbackUrls', summary: "Set a merchant's callback URLs (same rules as the merchant API)" })
  @ApiBody({ schema: CALLBACK_URLS_SCHEMA })
  @ApiOkResponse({ schema: CALLBACK_URLS_SCHEMA })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR', 'API_VALIDATION_ERROR')
  async setUrls(
    @Param('id') merchantId: string,
    @Param() { environment }: EnvironmentParamDto,
    @Body() body: Record<string, unknown>,
  ): Promise<CallbackUrls> {
    await this.merchants.get(merchantId);
    return this.settings.setUrls({ merchantId, environment }, body);
  }

  @Post('merchants/:id/signing-secret/rotate')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRotateSigningSecret', summary: "Rotate a merchant's webhook signing secret (previous one valid 24 h)" })
  @ApiOkResponse({ type: CallbackCredentialsDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR')
  rotateSigningSecret(@Param('id') merchantId: string): Promise<CallbackCredentialsDto> {
    return this.merchants.rotateSigningSecret(merchantId);
  }

  @Get('callbacks')
  @ApiOperation({ operationId: 'adminListCallbackEvents', summary: 'Callback events of all merchants, newest first, each with its merchant (status=failed: to look into)' })
  @ApiOkResponse({ type: AdminCallbackEventPageDto })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  list(@Query() query: AdminCallbackListQueryDto): Promise<Page<AdminCallbackEventView>> {
    return this.callbacks.listForOperators({ merchantId: query.merchant_id, environment: query.environment }, query);
  }

  @Get('callbacks/health')
  @ApiOperation({
    operationId: 'adminCallbackHealth',
    summary: 'Callback delivery across merchants: the backlog, and the endpoints failing',
    description:
      'The backlog: events pending, due now, retrying, in flight, and how long the oldest due one has waited. ' +
      'Failing endpoints: retrying events and events failed since `failed_since`, grouped by merchant, environment and the URL of their last attempt, with the last error.',
  })
  @ApiOkResponse({ type: CallbackHealthDto })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  health(@Query() query: CallbackHealthQueryDto): Promise<CallbackHealthView> {
    return this.callbacks.health(query.environment, query.failed_since ? new Date(query.failed_since) : new Date(Date.now() - WEEK_MS));
  }

  @Post('callbacks/:id/resend')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminResendCallbackEvent', summary: 'Deliver an event again with a fresh retry schedule' })
  @ApiOkResponse({ type: CallbackEventDto })
  @ApiErrorResponses('CALLBACK_NOT_FOUND_ERROR', 'CALLBACK_URL_NOT_CONFIGURED_ERROR')
  resend(@Param('id') id: string): Promise<CallbackEventDto> {
    return this.callbacks.resend(undefined, id);
  }
}

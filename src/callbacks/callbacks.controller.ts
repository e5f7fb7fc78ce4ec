import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import type { Page } from '../common/pagination';
import {
  CALLBACK_URLS_SCHEMA,
  CallbackCredentialsDto,
  CallbackEventDto,
  CallbackEventPageDto,
  CallbackListQueryDto,
  TestCallbackDto,
  TestCallbackResultDto,
} from './callbacks.dto';
import { CallbacksService } from './outbox/callbacks.service';
import { CallbackSettingsService, CallbackUrls } from './settings/callback-settings.service';
import { type AuthenticatedMerchant, CurrentMerchant, MerchantApi } from '../common/http/merchant-api';

@ApiTags('Callbacks')
@MerchantApi()
@Controller('api/v2')
export class CallbacksController {
  constructor(
    private readonly settings: CallbackSettingsService,
    private readonly callbacks: CallbacksService,
  ) {}

  @Get('callback-urls')
  @ApiOperation({ operationId: 'getCallbackUrls', summary: 'Your callback URL per event type, in the environment of your key' })
  @ApiOkResponse({ schema: CALLBACK_URLS_SCHEMA })
  urls(@CurrentMerchant() merchant: AuthenticatedMerchant): Promise<CallbackUrls> {
    return this.settings.urls(merchant);
  }

  @Put('callback-urls')
  @ApiOperation({
    operationId: 'setCallbackUrls',
    summary: 'Set callback URLs',
    description:
      'An object from event type to URL; `null` or "" removes one; types not sent stay as they are. URLs must be ' +
      'http(s), https in production, and must not point to private or internal addresses.',
  })
  @ApiBody({ schema: CALLBACK_URLS_SCHEMA })
  @ApiOkResponse({ schema: CALLBACK_URLS_SCHEMA })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  setUrls(@CurrentMerchant() merchant: AuthenticatedMerchant, @Body() body: Record<string, unknown>): Promise<CallbackUrls> {
    return this.settings.setUrls(merchant, body);
  }

  @Post('callback-urls/test')
  @HttpCode(200)
  @ApiOperation({ operationId: 'testCallbackUrl', summary: 'Send a signed test event to a configured URL now and see what it answered' })
  @ApiOkResponse({ type: TestCallbackResultDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'CALLBACK_URL_NOT_CONFIGURED_ERROR')
  async test(@CurrentMerchant() merchant: AuthenticatedMerchant, @Body() body: TestCallbackDto): Promise<TestCallbackResultDto> {
    const sent = await this.callbacks.sendTest(merchant, body.event_type);
    return {
      url: sent.url,
      event_id: sent.event_id,
      delivered: sent.delivered,
      status_code: sent.statusCode,
      latency_ms: sent.latencyMs,
      error: sent.error,
      response_snippet: sent.responseSnippet,
    };
  }

  @Get('callback-secrets')
  @ApiOperation({ operationId: 'getCallbackCredentials', summary: 'Your X-CALLBACK-TOKEN and webhook signing secret' })
  @ApiOkResponse({ type: CallbackCredentialsDto })
  credentials(@CurrentMerchant() merchant: AuthenticatedMerchant): Promise<CallbackCredentialsDto> {
    return this.settings.credentials(merchant.merchantId);
  }

  @Post('callback-secrets/rotate-signing-secret')
  @HttpCode(200)
  @ApiOperation({ operationId: 'rotateSigningSecret', summary: 'New signing secret; the previous one keeps signing for 24 hours' })
  @ApiOkResponse({ type: CallbackCredentialsDto })
  rotateSigningSecret(@CurrentMerchant() merchant: AuthenticatedMerchant): Promise<CallbackCredentialsDto> {
    return this.settings.rotateSigningSecret(merchant.merchantId);
  }

  @Get('callbacks')
  @ApiOperation({ operationId: 'listCallbackEvents', summary: 'Every event sent to you, newest first, with its delivery attempts' })
  @ApiOkResponse({ type: CallbackEventPageDto })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  list(@CurrentMerchant() merchant: AuthenticatedMerchant, @Query() query: CallbackListQueryDto): Promise<Page<CallbackEventDto>> {
    return this.callbacks.list(merchant, query);
  }

  @Get('callbacks/:id')
  @ApiOperation({ operationId: 'getCallbackEvent', summary: 'One event with its delivery attempts' })
  @ApiOkResponse({ type: CallbackEventDto })
  @ApiErrorResponses('CALLBACK_NOT_FOUND_ERROR')
  get(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string): Promise<CallbackEventDto> {
    return this.callbacks.get(merchant, id);
  }

  @Post('callbacks/:id/resend')
  @HttpCode(200)
  @ApiOperation({ operationId: 'resendCallbackEvent', summary: 'Deliver an event again (e.g. after fixing your URL), with a fresh retry schedule' })
  @ApiOkResponse({ type: CallbackEventDto })
  @ApiErrorResponses('CALLBACK_NOT_FOUND_ERROR', 'CALLBACK_URL_NOT_CONFIGURED_ERROR')
  resend(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string): Promise<CallbackEventDto> {
    return this.callbacks.resend(merchant, id);
  }
}

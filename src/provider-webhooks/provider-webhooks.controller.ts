import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import type { ProviderName } from '../domain/provider-ports';
import { DuitkuWebhook } from '../providers/duitku/duitku-webhook.decorator';
import { DuitkuDisbursementCallbackDto } from '../providers/duitku/duitku-webhooks.dto';
import { WebhookProvider } from '../providers/provider-webhook.decorator';
import { XenditWebhook } from '../providers/xendit/xendit-webhook.decorator';
import {
  XenditDisbursementDto,
  XenditRetailPaymentPaidDto,
  XenditVirtualAccountPaidDto,
  XenditVirtualAccountUpdatedDto,
} from '../providers/xendit/xendit-webhooks.dto';
import { ProviderWebhookGuard } from './provider-webhook.guard';
import { WebhookReceiptDto } from './provider-webhooks.dto';
import { ProviderWebhooksService } from './provider-webhooks.service';

/**
 * Where the upstream providers call Palladium back. Configure these URLs in the
 * providers' dashboards. A webhook that fails verification gets 401 and is not stored.
 * Each route is marked with its provider, whose adapter verifies and parses it.
 */
@ApiTags('Provider webhooks')
@ApiErrorResponses('INVALID_WEBHOOK_SIGNATURE', 'API_VALIDATION_ERROR', 'RATE_LIMITED_ERROR')
@Controller('webhooks')
@UseGuards(ProviderWebhookGuard)
export class ProviderWebhooksController {
  constructor(private readonly webhooks: ProviderWebhooksService) {}

  @Post('xendit/virtual-accounts/paid')
  @HttpCode(200)
  @ApiOperation({ operationId: 'xenditVirtualAccountPaid', summary: 'Xendit: a fixed virtual account was paid' })
  @XenditWebhook()
  @ApiOkResponse({ type: WebhookReceiptDto })
  virtualAccountPaid(@WebhookProvider() provider: ProviderName, @Body() body: XenditVirtualAccountPaidDto): Promise<WebhookReceiptDto> {
    return this.webhooks.receive(provider, body);
  }

  @Post('xendit/virtual-accounts')
  @HttpCode(200)
  @ApiOperation({ operationId: 'xenditVirtualAccountUpdated', summary: 'Xendit: a fixed virtual account was created or updated' })
  @XenditWebhook()
  @ApiOkResponse({ type: WebhookReceiptDto })
  virtualAccountUpdated(@WebhookProvider() provider: ProviderName, @Body() body: XenditVirtualAccountUpdatedDto): Promise<WebhookReceiptDto> {
    return this.webhooks.receive(provider, body);
  }

  @Post('xendit/retail-payments/paid')
  @HttpCode(200)
  @ApiOperation({ operationId: 'xenditRetailPaymentPaid', summary: 'Xendit: a fixed payment code was paid' })
  @XenditWebhook()
  @ApiOkResponse({ type: WebhookReceiptDto })
  retailPaymentPaid(@WebhookProvider() provider: ProviderName, @Body() body: XenditRetailPaymentPaidDto): Promise<WebhookReceiptDto> {
    return this.webhooks.receive(provider, body);
  }

  @Post('xendit/disbursements')
  @HttpCode(200)
  @ApiOperation({ operationId: 'xenditDisbursementReported', summary: 'Xendit: a disbursement completed or failed' })
  @XenditWebhook()
  @ApiOkResponse({ type: WebhookReceiptDto })
  disbursement(@WebhookProvider() provider: ProviderName, @Body() body: XenditDisbursementDto): Promise<WebhookReceiptDto> {
    return this.webhooks.receive(provider, body);
  }

  @Post('duitku/disbursements')
  @HttpCode(200)
  @ApiOperation({ operationId: 'duitkuDisbursementReported', summary: 'Duitku: clearing (H2H) transfer result, signed with the Duitku secret key' })
  @DuitkuWebhook()
  @ApiOkResponse({ type: WebhookReceiptDto })
  duitkuDisbursement(@WebhookProvider() provider: ProviderName, @Body() body: DuitkuDisbursementCallbackDto): Promise<WebhookReceiptDto> {
    return this.webhooks.receive(provider, body);
  }
}

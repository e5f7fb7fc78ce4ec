import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import {
  DuitkuDisbursementCallbackDto,
  WebhookReceiptDto,
  XenditDisbursementDto,
  XenditRetailPaymentPaidDto,
  XenditVirtualAccountPaidDto,
  XenditVirtualAccountUpdatedDto,
} from './provider-webhooks.dto';
import { ProviderWebhooksService } from './provider-webhooks.service';
import { XenditCallbackTokenGuard } from './xendit-callback-token.guard';

const XENDIT_TOKEN = { name: 'X-CALLBACK-TOKEN', required: true, description: 'The Xendit callback verification token (XENDIT_CALLBACK_TOKEN).' };

/**
 * Where the upstream providers call Palladium back. Configure these URLs in the
 * providers' dashboards. A webhook that fails verification gets 401 and is not stored.
 */
@ApiTags('Provider webhooks')
@ApiErrorResponses('INVALID_WEBHOOK_SIGNATURE', 'API_VALIDATION_ERROR', 'RATE_LIMITED_ERROR')
@Controller('webhooks')
export class ProviderWebhooksController {
  constructor(private readonly webhooks: ProviderWebhooksService) {}

  @Post('xendit/virtual-accounts/paid')
  @HttpCode(200)
  @ApiOperation({ summary: 'Xendit: a fixed virtual account was paid' })
  @ApiHeader(XENDIT_TOKEN)
  @UseGuards(XenditCallbackTokenGuard)
  @ApiOkResponse({ type: WebhookReceiptDto })
  virtualAccountPaid(@Body() body: XenditVirtualAccountPaidDto): Promise<WebhookReceiptDto> {
    return this.webhooks.virtualAccountPaid(body);
  }

  @Post('xendit/virtual-accounts')
  @HttpCode(200)
  @ApiOperation({ summary: 'Xendit: a fixed virtual account was created or updated' })
  @ApiHeader(XENDIT_TOKEN)
  @UseGuards(XenditCallbackTokenGuard)
  @ApiOkResponse({ type: WebhookReceiptDto })
  virtualAccountUpdated(@Body() body: XenditVirtualAccountUpdatedDto): Promise<WebhookReceiptDto> {
    return this.webhooks.virtualAccountUpdated(body);
  }

  @Post('xendit/retail-payments/paid')
  @HttpCode(200)
  @ApiOperation({ summary: 'Xendit: a fixed payment code was paid' })
  @ApiHeader(XENDIT_TOKEN)
  @UseGuards(XenditCallbackTokenGuard)
  @ApiOkResponse({ type: WebhookReceiptDto })
  retailPaymentPaid(@Body() body: XenditRetailPaymentPaidDto): Promise<WebhookReceiptDto> {
    return this.webhooks.retailPaymentPaid(body);
  }

  @Post('xendit/disbursements')
  @HttpCode(200)
  @ApiOperation({ summary: 'Xendit: a disbursement completed or failed' })
  @ApiHeader(XENDIT_TOKEN)
  @UseGuards(XenditCallbackTokenGuard)
  @ApiOkResponse({ type: WebhookReceiptDto })
  disbursement(@Body() body: XenditDisbursementDto): Promise<WebhookReceiptDto> {
    return this.webhooks.disbursement(body);
  }

  @Post('duitku/disbursements')
  @HttpCode(200)
  @ApiOperation({ summary: 'Duitku: clearing (H2H) transfer result, signed with the Duitku secret key' })
  @ApiOkResponse({ type: WebhookReceiptDto })
  duitkuDisbursement(@Body() body: DuitkuDisbursementCallbackDto): Promise<WebhookReceiptDto> {
    return this.webhooks.duitkuDisbursement(body);
  }
}

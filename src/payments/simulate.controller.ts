import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { PaymentDto, SimulatePaymentDto } from './payments.dto';
import { PaymentsService } from './recording/payments.service';
import { type AuthenticatedMerchant, CurrentMerchant, MerchantApi } from '../common/http/merchant-api';

@ApiTags('Sandbox')
@MerchantApi()
@Controller('api/v2/simulate')
export class SimulateController {
  constructor(private readonly payments: PaymentsService) {}

  @Post('virtual-accounts/:id/pay')
  @HttpCode(200)
  @ApiOperation({ operationId: 'simulateVirtualAccountPayment', summary: 'Development keys only: pay a virtual account now', description: 'Status becomes pending at once; done after SANDBOX_PENDING_SECONDS.' })
  @ApiOkResponse({ type: PaymentDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'REQUEST_FORBIDDEN_ERROR', 'VIRTUAL_ACCOUNT_NOT_FOUND_ERROR', 'PAYMENT_NOT_ACCEPTED_ERROR')
  payVirtualAccount(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string, @Body() body: SimulatePaymentDto): Promise<PaymentDto> {
    return this.payments.simulate(merchant, 'virtual_account', id, body.amount);
  }

  @Post('retail-payments/:id/pay')
  @HttpCode(200)
  @ApiOperation({ operationId: 'simulateRetailPayment', summary: 'Development keys only: pay an Alfamart payment code now' })
  @ApiOkResponse({ type: PaymentDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'REQUEST_FORBIDDEN_ERROR', 'RETAIL_PAYMENT_NOT_FOUND_ERROR', 'PAYMENT_NOT_ACCEPTED_ERROR')
  payRetailPayment(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string, @Body() body: SimulatePaymentDto): Promise<PaymentDto> {
    return this.payments.simulate(merchant, 'retail_payment', id, body.amount);
  }
}

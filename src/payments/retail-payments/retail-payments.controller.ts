import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RESOURCE_LIST_DESCRIPTION, resourceListFilter } from '../../common/resource-list-query';
import { Idempotent } from '../../idempotency/idempotent.decorator';
import { ApiErrorResponses } from '../../common/errors/api-error-responses.decorator';
import { CreateRetailPaymentDto, PayableListQueryDto, PaymentDto, RetailPaymentDto, RetailPaymentRecordDto } from '../payments.dto';
import { PaymentsService } from '../recording/payments.service';
import { RetailPaymentsService } from './retail-payments.service';
import { type AuthenticatedMerchant, CurrentMerchant, MerchantApi } from '../../common/http/merchant-api';

@ApiTags('Receiving payments')
@MerchantApi()
@Controller('api/v2')
export class RetailPaymentsController {
  constructor(
    private readonly retailPayments: RetailPaymentsService,
    private readonly payments: PaymentsService,
  ) {}

  @Post('create-retail-payment')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    operationId: 'createRetailPayment',
    summary: 'Create an Alfamart payment code',
    description:
      'The payer pays the code at any Alfamart. Same statuses as virtual accounts; development codes are paid by ' +
      'themselves after 1 minute. Emits `retail_payment.created`, and `retail_payment.paid` when paid.',
  })
  @ApiConsumes('multipart/form-data', 'application/x-www-form-urlencoded', 'application/json')
  @ApiBody({
    type: CreateRetailPaymentDto,
    examples: {
      spec: { summary: 'The spec example', value: { name: 'PT Test Bersama', retail_outlet_name: 'ALFAMART', amount: '1000000', external_id: '123' } },
    },
  })
  @ApiOkResponse({ type: RetailPaymentDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'RETAIL_OUTLET_NOT_SUPPORTED_ERROR', 'PROVIDER_NOT_CONFIGURED_ERROR')
  create(@CurrentMerchant() merchant: AuthenticatedMerchant, @Body() body: CreateRetailPaymentDto): Promise<RetailPaymentDto> {
    return this.retailPayments.create(merchant, {
      retailOutletName: body.retail_outlet_name,
      name: body.name,
      amount: body.amount,
      externalId: body.external_id,
      isSingleUse: body.is_single_use ?? false,
      expirationDate: body.expiration_date,
    });
  }

  @Get('retail-payments')
  @ApiOperation({ operationId: 'findRetailPayments', summary: 'Your payment codes, newest first: by external_id, status, creation time', description: RESOURCE_LIST_DESCRIPTION })
  @ApiOkResponse({ type: [RetailPaymentRecordDto] })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  find(@CurrentMerchant() merchant: AuthenticatedMerchant, @Query() query: PayableListQueryDto): Promise<RetailPaymentRecordDto[]> {
    return this.retailPayments.list(merchant, query.status, resourceListFilter(query));
  }

  @Get('retail-payments/:id')
  @ApiOperation({ operationId: 'getRetailPayment', summary: 'One of your payment codes' })
  @ApiOkResponse({ type: RetailPaymentRecordDto })
  @ApiErrorResponses('RETAIL_PAYMENT_NOT_FOUND_ERROR')
  get(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string): Promise<RetailPaymentRecordDto> {
    return this.retailPayments.get(merchant, id);
  }

  @Get('retail-payments/:id/payments')
  @ApiOperation({ operationId: 'listRetailPaymentPayments', summary: 'Payments received on a payment code' })
  @ApiOkResponse({ type: [PaymentDto] })
  @ApiErrorResponses('RETAIL_PAYMENT_NOT_FOUND_ERROR')
  listPayments(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string): Promise<PaymentDto[]> {
    return this.payments.listForResource(merchant, 'retail_payment', id);
  }
}

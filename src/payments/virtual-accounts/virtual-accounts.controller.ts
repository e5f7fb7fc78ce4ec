import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RESOURCE_LIST_DESCRIPTION, resourceListFilter } from '../../common/resource-list-query';
import { Idempotent } from '../../idempotency/idempotent.decorator';
import { ApiErrorResponses } from '../../common/errors/api-error-responses.decorator';
import { CreateVirtualAccountDto, PayableListQueryDto, PaymentDto, UpdateVirtualAccountDto, VirtualAccountDto, VirtualAccountRecordDto } from '../payments.dto';
import { PaymentsService } from '../recording/payments.service';
import { VirtualAccountsService } from './virtual-accounts.service';
import { type AuthenticatedMerchant, CurrentMerchant, MerchantApi } from '../../common/http/merchant-api';

@ApiTags('Receiving payments')
@MerchantApi()
@Controller('api/v2')
export class VirtualAccountsController {
  constructor(
    private readonly virtualAccounts: VirtualAccountsService,
    private readonly payments: PaymentsService,
  ) {}

  @Post('create-virtual-account')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    operationId: 'createVirtualAccount',
    summary: 'Create a virtual account',
    description:
      'A bank account number your payer transfers to. Status `unpaid` → `pending` (paid, settles at 14:00) → `done`. ' +
      'With a development key it is paid by itself after 1 minute and done 5 minutes later. Emits `virtual_account.created`.',
  })
  @ApiConsumes('multipart/form-data', 'application/x-www-form-urlencoded', 'application/json')
  @ApiBody({
    type: CreateVirtualAccountDto,
    examples: {
      spec: { summary: 'The spec example', value: { bank_code: 'BNI', name: 'PT Test Bersama', is_single_use: 'true', amount: '10000000', external_id: '124' } },
    },
  })
  @ApiOkResponse({ type: VirtualAccountDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'BANK_NOT_SUPPORTED_ERROR', 'BANK_COMING_SOON_ERROR', 'PROVIDER_NOT_CONFIGURED_ERROR')
  create(@CurrentMerchant() merchant: AuthenticatedMerchant, @Body() body: CreateVirtualAccountDto): Promise<VirtualAccountDto> {
    return this.virtualAccounts.create(merchant, {
      bankCode: body.bank_code,
      name: body.name,
      accountName: body.account_name,
      isSingleUse: body.is_single_use,
      amount: body.amount,
      externalId: body.external_id,
      expirationDate: body.expiration_date,
    });
  }

  @Get('virtual-accounts')
  @ApiOperation({ operationId: 'findVirtualAccounts', summary: 'Your virtual accounts, newest first: by external_id, status, creation time', description: RESOURCE_LIST_DESCRIPTION })
  @ApiOkResponse({ type: [VirtualAccountRecordDto] })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  find(@CurrentMerchant() merchant: AuthenticatedMerchant, @Query() query: PayableListQueryDto): Promise<VirtualAccountRecordDto[]> {
    return this.virtualAccounts.list(merchant, query.status, resourceListFilter(query));
  }

  @Get('virtual-accounts/:id')
  @ApiOperation({ operationId: 'getVirtualAccount', summary: 'One of your virtual accounts' })
  @ApiOkResponse({ type: VirtualAccountRecordDto })
  @ApiErrorResponses('VIRTUAL_ACCOUNT_NOT_FOUND_ERROR')
  get(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string): Promise<VirtualAccountRecordDto> {
    return this.virtualAccounts.get(merchant, id);
  }

  @Patch('virtual-accounts/:id')
  @ApiOperation({ operationId: 'updateVirtualAccount', summary: 'Change the expected amount or the expiration date' })
  @ApiOkResponse({ type: VirtualAccountDto })
  @ApiErrorResponses('VIRTUAL_ACCOUNT_NOT_FOUND_ERROR', 'VIRTUAL_ACCOUNT_NOT_UPDATABLE_ERROR', 'API_VALIDATION_ERROR', 'PROVIDER_NOT_CONFIGURED_ERROR')
  update(
    @CurrentMerchant() merchant: AuthenticatedMerchant,
    @Param('id') id: string,
    @Body() body: UpdateVirtualAccountDto,
  ): Promise<VirtualAccountDto> {
    return this.virtualAccounts.update(merchant, id, { amount: body.amount, expirationDate: body.expiration_date });
  }

  @Get('virtual-accounts/:id/payments')
  @ApiOperation({ operationId: 'listVirtualAccountPayments', summary: 'Payments received on a virtual account' })
  @ApiOkResponse({ type: [PaymentDto] })
  @ApiErrorResponses('VIRTUAL_ACCOUNT_NOT_FOUND_ERROR')
  listPayments(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string): Promise<PaymentDto[]> {
    return this.payments.listForResource(merchant, 'virtual_account', id);
  }
}

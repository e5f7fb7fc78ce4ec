import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../idempotency/idempotent.decorator';
import { ApiErrorResponses } from '../../common/errors/api-error-responses.decorator';
import type { Page } from '../../common/pagination';
import { TopUpBankAccountsService } from './top-up-bank-accounts.service';
import { CreateTopUpDto, TopUpBankAccountDto, TopUpDto, TopUpListQueryDto, TopUpPageDto } from './top-ups.dto';
import { TopUpsService } from './top-ups.service';
import { type AuthenticatedMerchant, CurrentMerchant, MerchantApi } from '../../common/http/merchant-api';

@ApiTags('Wallets')
@MerchantApi()
@Controller('api/v2/top-ups')
export class TopUpsController {
  constructor(
    private readonly topUps: TopUpsService,
    private readonly bankAccounts: TopUpBankAccountsService,
  ) {}

  @Get('bank-accounts')
  @ApiOperation({
    operationId: 'listTopUpBankAccounts',
    summary: 'The bank accounts to transfer your top-ups into',
    description: "Palladium's accounts for your key's environment, as operators configured them; declare the transfer afterwards with POST /api/v2/top-ups.",
  })
  @ApiOkResponse({ type: [TopUpBankAccountDto] })
  listBankAccounts(@CurrentMerchant() merchant: AuthenticatedMerchant): Promise<TopUpBankAccountDto[]> {
    return this.bankAccounts.forMerchants(merchant.environment);
  }

  @Post()
  @Idempotent()
  @ApiOperation({
    operationId: 'createTopUp',
    summary: 'Declare a top-up of your disburse wallet',
    description:
      'Transfer the money to the top-up bank account, then declare it here. An operator approves it and only then ' +
      'is the disburse wallet credited. With a development key the sandbox approves it at once.',
  })
  @ApiCreatedResponse({ type: TopUpDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'DUPLICATE_TOP_UP_ERROR')
  declare(@CurrentMerchant() merchant: AuthenticatedMerchant, @Body() body: CreateTopUpDto): Promise<TopUpDto> {
    return this.topUps.declare(merchant, { amount: body.amount, transferReference: body.transfer_reference });
  }

  @Get()
  @ApiOperation({ operationId: 'listTopUps', summary: 'Your top-ups, newest first' })
  @ApiOkResponse({ type: TopUpPageDto })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  list(@CurrentMerchant() merchant: AuthenticatedMerchant, @Query() query: TopUpListQueryDto): Promise<Page<TopUpDto>> {
    return this.topUps.list(merchant, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getTopUp', summary: 'One of your top-ups' })
  @ApiOkResponse({ type: TopUpDto })
  @ApiErrorResponses('TOP_UP_NOT_FOUND_ERROR')
  get(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string): Promise<TopUpDto> {
    return this.topUps.get(merchant, id);
  }
}

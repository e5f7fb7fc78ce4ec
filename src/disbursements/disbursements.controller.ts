import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { RESOURCE_LIST_DESCRIPTION, resourceListFilter } from '../common/resource-list-query';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { BatchDisbursementsService, BatchView } from './batch/batch-disbursements.service';
import { DisbursementsService } from './create-disbursement/disbursements.service';
import type { DisbursementRecordView, DisbursementView } from './disbursement.views';
import {
  DisbursementListQueryDto,
  DisbursementRecordDto,
  BatchDisbursementDto,
  CreateBatchDisbursementDto,
  CreateDisbursementDto,
  DisbursementDto,
  InquiryAccountDto,
  InquiryResultDto,
  SimulateFailureDto,
} from './disbursements.dto';
import { AccountInquiryService } from './inquiry/account-inquiry.service';
import { type AuthenticatedMerchant, CurrentMerchant, MerchantApi } from '../common/http/merchant-api';

const toInput = (dto: CreateDisbursementDto) => ({
  bankCode: dto.bank_code,
  accountName: dto.account_name,
  accountNumber: dto.account_number,
  description: dto.description,
  externalId: dto.external_id,
  amount: dto.amount,
});

@ApiTags('Disbursements')
@MerchantApi()
@Controller('api/v2')
export class DisbursementsController {
  constructor(
    private readonly disbursements: DisbursementsService,
    private readonly batches: BatchDisbursementsService,
    private readonly inquiry: AccountInquiryService,
  ) {}

  @Post('create-disbursement')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    operationId: 'createDisbursement',
    summary: 'Send money to a bank account',
    description:
      'The amount is reserved from your disburse wallet at once (not enough: 400 INSUFFICIENT_BALANCE, nothing created). ' +
      'Status `pending` → `done` | `failed` (money back). Development: stays pending, except 90,000 which is done after a ' +
      'minute; 90,001 fails REJECTED_BY_BANK; an account number ending in 000 fails INVALID_DESTINATION.',
  })
  @ApiConsumes('multipart/form-data', 'application/x-www-form-urlencoded', 'application/json')
  @ApiBody({
    type: CreateDisbursementDto,
    examples: {
      spec: {
        summary: 'The spec example',
        value: { bank_code: 'BCA', account_name: 'James Bond', account_number: '12345678', description: 'Bayar Nasabah', external_id: '124', amount: '20000000' },
      },
    },
  })
  @ApiOkResponse({ type: DisbursementDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'INSUFFICIENT_BALANCE', 'PROVIDER_NOT_CONFIGURED_ERROR')
  create(
    @CurrentMerchant() merchant: AuthenticatedMerchant,
    @Body() body: CreateDisbursementDto,
  ): Promise<DisbursementView> {
    return this.disbursements.create(merchant, toInput(body));
  }

  @Get('disbursements')
  @ApiOperation({ operationId: 'findDisbursements', summary: 'Your disbursements, newest first: by external_id, status, creation time', description: RESOURCE_LIST_DESCRIPTION })
  @ApiOkResponse({ type: [DisbursementRecordDto] })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  find(@CurrentMerchant() merchant: AuthenticatedMerchant, @Query() query: DisbursementListQueryDto): Promise<DisbursementRecordView[]> {
    return this.disbursements.list(merchant, query.status, resourceListFilter(query));
  }

  @Get('disbursements/:id')
  @ApiOperation({ operationId: 'getDisbursement', summary: 'One of your disbursements' })
  @ApiOkResponse({ type: DisbursementRecordDto })
  @ApiErrorResponses('DISBURSEMENT_NOT_FOUND_ERROR')
  get(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string): Promise<DisbursementRecordView> {
    return this.disbursements.get(merchant, id);
  }

  @Post('create-batch-disbursement')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    operationId: 'createBatchDisbursement',
    summary: 'Send up to 1,000 disbursements at once',
    description: 'All items are validated and reserved together: one invalid item or not enough balance creates nothing. One `batch_disbursement.completed` callback when every item has ended.',
  })
  @ApiOkResponse({ type: BatchDisbursementDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'INSUFFICIENT_BALANCE', 'PROVIDER_NOT_CONFIGURED_ERROR')
  createBatch(@CurrentMerchant() merchant: AuthenticatedMerchant, @Body() body: CreateBatchDisbursementDto): Promise<BatchView> {
    return this.batches.create(merchant, body.reference, body.disbursements.map(toInput));
  }

  @Get('batch-disbursements/:id')
  @ApiOperation({ operationId: 'getBatchDisbursement', summary: 'A batch with the status of each of its disbursements' })
  @ApiOkResponse({ type: BatchDisbursementDto })
  @ApiErrorResponses('BATCH_DISBURSEMENT_NOT_FOUND_ERROR')
  getBatch(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string): Promise<BatchView> {
    return this.batches.get(merchant, id);
  }

  @Post('inquiry-account')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'inquireAccount',
    summary: 'Who holds this bank account?',
    description: 'Check the holder name before disbursing. Sandbox: numbers ending in 000 do not exist; others answer a fixed name.',
  })
  @ApiOkResponse({ type: InquiryResultDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'BANK_NOT_SUPPORTED_ERROR', 'ACCOUNT_NOT_FOUND_ERROR', 'PROVIDER_NOT_CONFIGURED_ERROR')
  inquire(@CurrentMerchant() merchant: AuthenticatedMerchant, @Body() body: InquiryAccountDto): Promise<InquiryResultDto> {
    return this.inquiry.inquire(merchant, body.bank_code, body.account_number);
  }

  @Post('simulate/disbursements/:id/complete')
  @HttpCode(200)
  @ApiOperation({ operationId: 'simulateDisbursementDone', summary: 'Development keys only: the bank completes the disbursement now' })
  @ApiOkResponse({ type: DisbursementDto })
  @ApiErrorResponses('REQUEST_FORBIDDEN_ERROR', 'DISBURSEMENT_NOT_FOUND_ERROR', 'DISBURSEMENT_ALREADY_COMPLETED_ERROR')
  simulateComplete(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string): Promise<DisbursementView> {
    return this.disbursements.simulate(merchant, id, 'done');
  }

  @Post('simulate/disbursements/:id/fail')
  @HttpCode(200)
  @ApiOperation({ operationId: 'simulateDisbursementFailed', summary: 'Development keys only: the bank fails the disbursement now (the money returns)' })
  @ApiOkResponse({ type: DisbursementDto })
  @ApiErrorResponses('REQUEST_FORBIDDEN_ERROR', 'DISBURSEMENT_NOT_FOUND_ERROR', 'DISBURSEMENT_ALREADY_COMPLETED_ERROR')
  simulateFail(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string, @Body() body: SimulateFailureDto): Promise<DisbursementView> {
    return this.disbursements.simulate(merchant, id, body.failure_code ?? 'REJECTED_BY_BANK');
  }
}

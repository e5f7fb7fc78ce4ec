import { Body, Controller, Get, HttpCode, Injectable, Param, PipeTransform, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../common/errors/domain-error';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { isResourceId } from '../common/ids';
import { ToInteger, Trim } from '../common/validation/transforms';
import { DisbursementAttemptRow, PayoutDispatcher } from '../disbursements/dispatch/payout-dispatcher.service';
import { PayoutInDoubt, PayoutResolution, PayoutsInDoubtService } from '../disbursements/in-doubt/payouts-in-doubt.service';
import { PayoutInDoubtDto, ReconciliationReportDto } from '../reconciliation/reconciliation.dto';
import { ReconciliationReport, ReconciliationService } from '../reconciliation/reconciliation.service';
import { ApprovalsService } from '../approvals/approvals.service';
import type { ApprovalView } from '../approvals/approvals.views';
import type { OperatorActor } from '../operators/operators.types';
import { CurrentOperator } from './admin-token.guard';
import { AdminApi } from './admin-api.decorator';
import { ApprovalDto, PayoutVerdictDto } from './admin-approvals.dto';
import { DisbursementAttemptDto } from './admin-disbursement-attempts.dto';

/** A provider we hold a balance at, by the names its adapters registered. */
@Injectable()
class FundableProviderPipe implements PipeTransform<string, string> {
  constructor(private readonly reconciliation: ReconciliationService) {}

  transform(provider: string): string {
    const names = this.reconciliation.fundableProviders();
    if (!names.includes(provider)) throw new DomainError('API_VALIDATION_ERROR', `provider must be ${names.join(' or ')}`);
    return provider;
  }
}

class ReconciliationQueryDto {
  @ApiPropertyOptional({ example: '2026-11-21T00:00:00Z', description: 'Start of the period checked (default: 24 hours ago).' })
  @IsOptional()
  @IsISO8601({}, { message: 'since must be an ISO 8601 date' })
  since?: string;
}

class ProviderFundingDto {
  @ApiProperty({ example: 500000000, description: 'Rupiah moved.' })
  @ToInteger()
  @IsInt({ message: 'amount must be a whole number of rupiah' })
  @Min(1)
  amount: number;

  @ApiProperty({ enum: ['deposit', 'withdrawal'], description: 'deposit: our bank → provider account; withdrawal: back.', example: 'deposit' })
  @IsIn(['deposit', 'withdrawal'])
  direction: 'deposit' | 'withdrawal';

  @ApiProperty({ example: 'BCA-TRF-20261122-01', description: 'The bank transfer reference; recorded once.' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  reference: string;
}

class PrepareProviderFundingDto extends ProviderFundingDto {
  @ApiPropertyOptional({ example: 'Float top-up approved in the weekly treasury call', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

class PayoutsInDoubtQueryDto {
  @ApiPropertyOptional({ example: 3600, description: 'Only payouts sent at least this many seconds ago (default: PAYOUT_IN_DOUBT_ALERT_SECONDS).' })
  @IsOptional()
  @ToInteger()
  @IsInt({ message: 'older_than_seconds must be a whole number' })
  @Min(0)
  @Max(31 * 86_400)
  older_than_seconds?: number;
}

class PayoutResolutionDto extends PayoutVerdictDto {
  @ApiProperty({ example: 'Siti Rahma', description: 'The operator resolving it, by name.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'resolved_by is required: who resolves this payout' })
  @MaxLength(200)
  resolved_by: string;
}

@ApiTags('Admin: providers')
@AdminApi()
@Controller('admin')
export class AdminProvidersController {
  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly dispatcher: PayoutDispatcher,
    private readonly inDoubt: PayoutsInDoubtService,
    private readonly approvals: ApprovalsService,
  ) {}

  @Get('providers/reconciliation')
  @ApiOperation({
    operationId: 'adminReconciliationReport',
    summary: 'Provider reconciliation',
    description:
      'Each configured provider\'s reported balance against our provider-clearing account, and every production payout, ' +
      'Xendit virtual-account payment and provider webhook of the period on which the provider and Palladium disagree.',
  })
  @ApiOkResponse({ type: ReconciliationReportDto })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  report(@Query() query: ReconciliationQueryDto): Promise<ReconciliationReport> {
    return this.reconciliation.report(query.since ? new Date(query.since) : new Date(Date.now() - 86_400_000));
  }

  @Post('providers/:provider/funding')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'adminRecordProviderFunding',
    summary: 'Record money moved between our bank account and a provider account (payout float)',
    description: 'At least FOUR_EYES_MIN_AMOUNT takes two operators: POST /admin/providers/{provider}/prepare-funding, then another approver approves it.',
  })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'PROVIDER_NOT_CONFIGURED_ERROR', 'DUPLICATE_TOP_UP_ERROR', 'FOUR_EYES_REQUIRED_ERROR')
  funding(
    @Param('provider', FundableProviderPipe) provider: string,
    @Body() body: ProviderFundingDto,
  ): Promise<{ transfer_id: string }> {
    return this.approvals.recordProviderFunding(provider, body);
  }

  @Post('providers/:provider/prepare-funding')
  @ApiOperation({ operationId: 'adminPrepareProviderFunding', summary: 'Four eyes, step 1: prepare recording provider funding; the transfer reference is the evidence' })
  @ApiCreatedResponse({ type: ApprovalDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'APPROVAL_ALREADY_OPEN_ERROR')
  prepareFunding(
    @CurrentOperator() actor: OperatorActor,
    @Param('provider', FundableProviderPipe) provider: string,
    @Body() body: PrepareProviderFundingDto,
  ): Promise<ApprovalView> {
    return this.approvals.prepareProviderFunding(actor, provider, body, body.note);
  }

  @Get('disbursements/:id/attempts')
  @ApiOperation({ operationId: 'adminListDisbursementAttempts', summary: 'Every provider call made for a disbursement: provider, request, response code, outcome, time' })
  @ApiOkResponse({ type: [DisbursementAttemptDto] })
  @ApiErrorResponses('DISBURSEMENT_NOT_FOUND_ERROR')
  async attempts(@Param('id') id: string): Promise<DisbursementAttemptRow[]> {
    if (!isResourceId(id)) throw new DomainError('DISBURSEMENT_NOT_FOUND_ERROR', `No disbursement with id ${id}`);
    return this.dispatcher.attempts(id);
  }

  @Get('disbursements/in-doubt')
  @ApiOperation({
    operationId: 'adminListPayoutsInDoubt',
    summary: 'Payouts in doubt',
    description: 'Production payouts that may have reached a provider and still have no outcome, sent at least `older_than_seconds` ago; oldest first.',
  })
  @ApiOkResponse({ type: [PayoutInDoubtDto] })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  listInDoubt(@Query() query: PayoutsInDoubtQueryDto): Promise<PayoutInDoubt[]> {
    return this.inDoubt.list(query.older_than_seconds);
  }

  @Post('disbursements/:id/resolution')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'adminResolvePayoutInDoubt',
    summary: 'Resolve a payout in doubt by hand',
    description:
      'After confirming the outcome with the provider: `done` posts the reserved amount, `failed` returns it to the disburse wallet. ' +
      'The merchant is called back as for any outcome. Recorded once, with who and why; a later contradicting provider report is kept as a conflict. ' +
      'Production payouts of at least FOUR_EYES_MIN_AMOUNT take two operators: `409 FOUR_EYES_REQUIRED_ERROR`; use prepare-resolution.',
  })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'DISBURSEMENT_NOT_FOUND_ERROR', 'DISBURSEMENT_ALREADY_COMPLETED_ERROR', 'DISBURSEMENT_NOT_IN_DOUBT_ERROR', 'FOUR_EYES_REQUIRED_ERROR')
  resolve(@Param('id') id: string, @Body() body: PayoutResolutionDto): Promise<PayoutResolution> {
    if (!isResourceId(id)) throw new DomainError('DISBURSEMENT_NOT_FOUND_ERROR', `No disbursement with id ${id}`);
    return this.approvals.resolvePayout(id, { status: body.status, failureCode: body.failure_code, reason: body.reason }, body.resolved_by);
  }
}

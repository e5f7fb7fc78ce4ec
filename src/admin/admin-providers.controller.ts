import { Body, Controller, Get, HttpCode, Param, ParseEnumPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { DomainError } from '../common/errors/domain-error';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { isResourceId } from '../common/ids';
import { ToInteger, Trim } from '../common/validation/transforms';
import { DisbursementAttemptRow, PayoutDispatcher } from '../disbursements/dispatch/payout-dispatcher.service';
import { ReconciliationReport, ReconciliationService } from '../reconciliation/reconciliation.service';
import { AdminApi } from './admin-api.decorator';

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

  @ApiProperty({ enum: ['deposit', 'withdrawal'], description: 'deposit: our bank → provider account; withdrawal: back.' })
  @IsIn(['deposit', 'withdrawal'])
  direction: 'deposit' | 'withdrawal';

  @ApiProperty({ example: 'BCA-TRF-20261122-01', description: 'The bank transfer reference; recorded once.' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  reference: string;
}

@ApiTags('Admin: providers')
@AdminApi()
@Controller('admin')
export class AdminProvidersController {
  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly dispatcher: PayoutDispatcher,
  ) {}

  @Get('providers/reconciliation')
  @ApiOperation({
    summary: 'Provider reconciliation',
    description:
      'Each configured provider\'s reported balance against our provider-clearing account, and every production payout, ' +
      'Xendit virtual-account payment and provider webhook of the period on which the provider and Palladium disagree.',
  })
  @ApiOkResponse({ description: 'The report' })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  report(@Query() query: ReconciliationQueryDto): Promise<ReconciliationReport> {
    return this.reconciliation.report(query.since ? new Date(query.since) : new Date(Date.now() - 86_400_000));
  }

  @Post('providers/:provider/funding')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record money moved between our bank account and a provider account (payout float)' })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'PROVIDER_NOT_CONFIGURED_ERROR', 'DUPLICATE_TOP_UP_ERROR')
  funding(
    @Param('provider', new ParseEnumPipe(['xendit', 'duitku'], { exceptionFactory: () => new DomainError('API_VALIDATION_ERROR', 'provider must be xendit or duitku') }))
    provider: 'xendit' | 'duitku',
    @Body() body: ProviderFundingDto,
  ): Promise<{ transfer_id: string }> {
    return this.reconciliation.recordFunding(provider, body);
  }

  @Get('disbursements/:id/attempts')
  @ApiOperation({ summary: 'Every provider call made for a disbursement: provider, request, response code, outcome, time' })
  @ApiErrorResponses('DISBURSEMENT_NOT_FOUND_ERROR')
  async attempts(@Param('id') id: string): Promise<DisbursementAttemptRow[]> {
    if (!isResourceId(id)) throw new DomainError('DISBURSEMENT_NOT_FOUND_ERROR', `No disbursement with id ${id}`);
    return this.dispatcher.attempts(id);
  }
}

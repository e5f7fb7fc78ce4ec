import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { ApprovalsService } from '../approvals/approvals.service';
import type { ApprovalView } from '../approvals/approvals.views';
import type { OperatorActor } from '../operators/operators.types';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ENVIRONMENTS } from '../common/environment';
import type { Environment } from '../common/environment';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { ApiJsonInteger } from '../common/json-integer';
import type { JsonInteger } from '../common/json-integer';
import { type SettlementDue, SettlementRunDetail, SettlementRunView, SettlementService } from '../settlement/settlement.service';
import { ApprovalDto, PrepareSettlementRunDto } from './admin-approvals.dto';
import { CurrentOperator } from './admin-token.guard';
import { AdminApi } from './admin-api.decorator';

class RunSettlementDto {
  @ApiProperty({ example: '2026-11-21', description: 'Business date (YYYY-MM-DD) whose 14:00 cutoff has passed.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiPropertyOptional({ enum: ENVIRONMENTS, default: 'production' })
  @IsOptional()
  @IsIn(ENVIRONMENTS)
  environment?: Environment;
}

class SettlementRunListQueryDto {
  @ApiPropertyOptional({ enum: ENVIRONMENTS })
  @IsOptional()
  @IsIn(ENVIRONMENTS)
  environment?: Environment;
}

class SettlementRunMerchantDto {
  @ApiProperty({ format: 'uuid' })
  merchant_id: string;

  @ApiProperty({ example: 'Toko Sari' })
  merchant_name: string;

  @ApiProperty()
  payments_count: number;

  @ApiJsonInteger({ description: 'Rupiah settled into the income wallet.' })
  total_amount: JsonInteger;
}

class SettlementRunDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ENVIRONMENTS })
  environment: Environment;

  @ApiProperty({ example: '2026-11-21' })
  business_date: string;

  @ApiProperty({ format: 'date-time', description: 'Payments received before this instant are settled.' })
  cutoff_at: string;

  @ApiProperty({ enum: ['running', 'completed'] })
  status: string;

  @ApiProperty({ enum: ['schedule', 'operator'] })
  trigger: string;

  @ApiProperty()
  payments_count: number;

  @ApiJsonInteger()
  total_amount: JsonInteger;

  @ApiProperty({ format: 'date-time' })
  started_at: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  completed_at: string | null;
}

class SettlementPendingDto {
  @ApiProperty()
  payments_count: number;

  @ApiJsonInteger()
  total_amount: JsonInteger;
}

class SettlementRunDetailDto extends SettlementRunDto {
  @ApiProperty({ type: [SettlementRunMerchantDto] })
  merchants: SettlementRunMerchantDto[];

  @ApiProperty({
    type: SettlementPendingDto,
    description: 'Payments received before the cutoff still to settle: while the run runs, what is left (its progress); once completed, late arrivals (they go with the next date).',
  })
  pending: SettlementPendingDto;
}

class SettlementDueQueryDto {
  @ApiProperty({ example: '2026-11-21' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiPropertyOptional({ enum: ENVIRONMENTS, default: 'production' })
  @IsOptional()
  @IsIn(ENVIRONMENTS)
  environment?: Environment;
}

class SettlementDueRunDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['running', 'completed'] })
  status: string;
}

class SettlementDueDto extends SettlementPendingDto {
  @ApiProperty({ enum: ENVIRONMENTS })
  environment: Environment;

  @ApiProperty({ example: '2026-11-21' })
  business_date: string;

  @ApiProperty({ format: 'date-time' })
  cutoff_at: string;

  @ApiProperty({ type: SettlementDueRunDto, nullable: true, description: "The date's run, if it was started." })
  run: SettlementDueRunDto | null;
}

@ApiTags('Admin: settlement')
@AdminApi()
@Controller('admin/settlement-runs')
export class AdminSettlementController {
  constructor(
    private readonly settlement: SettlementService,
    private readonly approvals: ApprovalsService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'adminListSettlementRuns', summary: 'Settlement runs, newest business date first' })
  @ApiOkResponse({ type: [SettlementRunDto] })
  list(@Query() query: SettlementRunListQueryDto): Promise<SettlementRunView[]> {
    return this.settlement.list(query.environment);
  }

  @Get('due')
  @ApiOperation({
    operationId: 'adminSettlementDue',
    summary: 'What running a business date now would settle (count and total), and its run if started',
    description: 'The amount four eyes are asked about before a production date is run by hand.',
  })
  @ApiOkResponse({ type: SettlementDueDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'SETTLEMENT_CUTOFF_NOT_REACHED_ERROR')
  due(@Query() query: SettlementDueQueryDto): Promise<SettlementDue> {
    return this.settlement.due(query.environment ?? 'production', query.date);
  }

  @Get(':id/report.csv')
  @ApiOperation({ operationId: 'adminSettlementRunReport', summary: "A run's per-merchant report as CSV: business date, environment, merchant, payments count, total" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, one row per merchant', schema: { type: 'string' } })
  @ApiErrorResponses('SETTLEMENT_RUN_NOT_FOUND_ERROR')
  async report(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const rows = await this.settlement.report(id);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="palladium-settlement-${rows.length > 1 ? rows[1][0] : id}.csv"`);
    response.send(stringify(rows));
  }

  @Get(':id')
  @ApiOperation({ operationId: 'adminGetSettlementRun', summary: 'One run with its per-merchant counts and totals' })
  @ApiOkResponse({ type: SettlementRunDetailDto })
  @ApiErrorResponses('SETTLEMENT_RUN_NOT_FOUND_ERROR')
  get(@Param('id') id: string): Promise<SettlementRunDetail> {
    return this.settlement.get(id);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'adminRunSettlement',
    summary: 'Run (or resume) the settlement of a business date now',
    description:
      'A finished date is returned unchanged; an unfinished one continues where it stopped. In production, a date with money due of at least ' +
      'FOUR_EYES_MIN_AMOUNT takes two operators: POST /admin/settlement-runs/prepare, then another approver approves it.',
  })
  @ApiOkResponse({ type: SettlementRunDetailDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'SETTLEMENT_CUTOFF_NOT_REACHED_ERROR', 'FOUR_EYES_REQUIRED_ERROR')
  run(@Body() body: RunSettlementDto): Promise<SettlementRunDetail> {
    return this.approvals.runSettlement(body.environment ?? 'production', body.date);
  }

  @Post('prepare')
  @ApiOperation({
    operationId: 'adminPrepareSettlementRun',
    summary: 'Four eyes, step 1: prepare running a production settlement date by hand (the amount is what it would settle now)',
  })
  @ApiCreatedResponse({ type: ApprovalDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'SETTLEMENT_CUTOFF_NOT_REACHED_ERROR', 'SETTLEMENT_RUN_COMPLETED_ERROR', 'APPROVAL_ALREADY_OPEN_ERROR')
  prepare(@CurrentOperator() actor: OperatorActor, @Body() body: PrepareSettlementRunDto): Promise<ApprovalView> {
    return this.approvals.prepareSettlementRun(actor, body.environment ?? 'production', body.date, body);
  }
}

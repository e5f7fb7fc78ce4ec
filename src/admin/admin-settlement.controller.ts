import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApprovalsService } from '../approvals/approvals.service';
import type { ApprovalView } from '../approvals/approvals.views';
import type { OperatorActor } from '../operators/operators.types';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { type SettlementDue, SettlementRunDetail, SettlementRunView, SettlementService } from '../settlement/settlement.service';
import { ApprovalDto } from './admin-approvals.dto';
import {
  PrepareSettlementRunDto,
  SettlementDateDto,
  SettlementDueDto,
  SettlementReportQueryDto,
  SettlementRunDetailDto,
  SettlementRunDto,
  SettlementRunListQueryDto,
} from './admin-settlement.dto';
import { CurrentOperator } from './admin-token.guard';
import { AdminApi } from './admin-api.decorator';

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
  due(@Query() query: SettlementDateDto): Promise<SettlementDue> {
    return this.settlement.due(query.environment ?? 'production', query.date);
  }

  @Get(':id/report.csv')
  @ApiOperation({
    operationId: 'adminSettlementRunReport',
    summary: "A run's report as CSV: per merchant (count, total), or with detail=payments every payment with its external_id",
    description:
      'Default (`detail=merchants`): one row per merchant — business_date, environment, merchant_id, merchant_name, payments_count, ' +
      'total_amount. `detail=payments`: one row per payment the run settled, by merchant then as paid — business_date, environment, ' +
      'merchant_id, merchant_name, payment_id, resource_type, resource_id, external_id, amount, paid_at, settled_at (Asia/Jakarta, ' +
      'e.g. `2026-11-22T09:15:00+07:00`); each merchant\'s payments add up to its row of the default report. Streamed: a run of any ' +
      'size downloads in constant memory.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV: one row per merchant, or per payment with detail=payments', schema: { type: 'string' } })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'SETTLEMENT_RUN_NOT_FOUND_ERROR')
  async report(@Param('id') id: string, @Query() query: SettlementReportQueryDto, @Res() response: Response): Promise<void> {
    const report = await this.settlement.report(id, query.detail);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${report.filename}"`);
    await report.write(response);
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
  run(@Body() body: SettlementDateDto): Promise<SettlementRunDetail> {
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

import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { ApprovalsService } from '../approvals/approvals.service';
import type { ApprovalView } from '../approvals/approvals.views';
import type { OperatorActor } from '../operators/operators.types';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { type SettlementDue, SettlementRunDetail, SettlementRunView, SettlementService } from '../settlement/settlement.service';
import { ApprovalDto } from './admin-approvals.dto';
import { PrepareSettlementRunDto, SettlementDateDto, SettlementDueDto, SettlementRunDetailDto, SettlementRunDto, SettlementRunListQueryDto } from './admin-settlement.dto';
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

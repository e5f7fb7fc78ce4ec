import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ENVIRONMENTS } from '../common/environment';
import type { Environment } from '../common/environment';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { ApiJsonInteger } from '../common/json-integer';
import type { JsonInteger } from '../common/json-integer';
import { SettlementRunDetail, SettlementRunView, SettlementService } from '../settlement/settlement.service';
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

class SettlementRunDetailDto extends SettlementRunDto {
  @ApiProperty({ type: [SettlementRunMerchantDto] })
  merchants: SettlementRunMerchantDto[];
}

@ApiTags('Admin: settlement')
@AdminApi()
@Controller('admin/settlement-runs')
export class AdminSettlementController {
  constructor(private readonly settlement: SettlementService) {}

  @Get()
  @ApiOperation({ operationId: 'adminListSettlementRuns', summary: 'Settlement runs, newest business date first' })
  @ApiOkResponse({ type: [SettlementRunDto] })
  list(@Query() query: SettlementRunListQueryDto): Promise<SettlementRunView[]> {
    return this.settlement.list(query.environment);
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
    description: 'A finished date is returned unchanged; an unfinished one continues where it stopped.',
  })
  @ApiOkResponse({ type: SettlementRunDetailDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'SETTLEMENT_CUTOFF_NOT_REACHED_ERROR')
  run(@Body() body: RunSettlementDto): Promise<SettlementRunDetail> {
    return this.settlement.run(body.environment ?? 'production', body.date, 'operator');
  }
}

import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import type { Response } from 'express';
import { AuditEntryPageDto } from '../audit/audit.dto';
import { AuditService } from '../audit/audit.service';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { PageQueryDto } from '../common/pagination';
import { AdminApi } from './admin-api.decorator';

export class AdminAuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only what concerns this merchant.' })
  @IsOptional()
  @IsUUID('all', { message: 'merchant_id must be a UUID' })
  merchant_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only what this operator did.' })
  @IsOptional()
  @IsUUID('all', { message: 'operator_id must be a UUID' })
  operator_id?: string;

  @ApiPropertyOptional({ example: 'admin.approve_approval', description: 'Only this action.' })
  @IsOptional()
  @Matches(/^[a-z_]+[.][a-z_]+$/, { message: 'action must look like thing.what_happened' })
  action?: string;

  @ApiPropertyOptional({ example: '2026-11-22T00:00:00+07:00', description: 'Recorded at or after (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-23T00:00:00+07:00', description: 'Recorded before (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time' })
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: '`csv` streams every matching entry (no paging).' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

@ApiTags('Admin: audit')
@AdminApi()
@Controller('admin/audit')
export class AdminAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    operationId: 'adminSearchAudit',
    summary: "The whole audit trail, newest first: merchants' people and operators, searchable; CSV export",
    description: 'Entries cannot be changed or deleted (the database refuses). Filters combine (AND).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AuditEntryPageDto })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  async search(@Query() query: AdminAuditQueryDto, @Res() response: Response): Promise<void> {
    const filter = {
      merchantId: query.merchant_id,
      operatorId: query.operator_id,
      action: query.action,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    };
    if (query.format !== 'csv') {
      response.json(await this.audit.search(filter, query));
      return;
    }
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="palladium-audit.csv"');
    await this.audit.csv(filter)(response);
  }
}

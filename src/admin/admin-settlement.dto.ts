import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ENVIRONMENTS } from '../common/environment';
import type { Environment } from '../common/environment';
import { ApiJsonInteger } from '../common/json-integer';
import type { JsonInteger } from '../common/json-integer';
import type { SettlementReportDetail } from '../settlement/settlement.service';
import { PrepareApprovalDto } from './admin-approvals.dto';

/** A business date of an environment: what a settlement run is of. */
export class SettlementDateDto {
  @ApiProperty({ example: '2026-11-21', description: 'Business date (YYYY-MM-DD) whose 14:00 cutoff has passed.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiPropertyOptional({ enum: ENVIRONMENTS, default: 'production', example: 'production' })
  @IsOptional()
  @IsIn(ENVIRONMENTS)
  environment?: Environment;
}

export class PrepareSettlementRunDto extends IntersectionType(PrepareApprovalDto, SettlementDateDto) {}

export class SettlementRunListQueryDto {
  @ApiPropertyOptional({ enum: ENVIRONMENTS })
  @IsOptional()
  @IsIn(ENVIRONMENTS)
  environment?: Environment;
}

export class SettlementReportQueryDto {
  @ApiPropertyOptional({
    enum: ['merchants', 'payments'],
    default: 'merchants',
    example: 'payments',
    description: '`merchants`: one row per merchant (count, total). `payments`: one row per payment, with its external_id.',
  })
  @IsOptional()
  @IsIn(['merchants', 'payments'], { message: 'detail must be merchants or payments' })
  detail?: SettlementReportDetail;
}

export class SettlementRunMerchantDto {
  @ApiProperty({ format: 'uuid' })
  merchant_id: string;

  @ApiProperty({ example: 'Toko Sari' })
  merchant_name: string;

  @ApiProperty()
  payments_count: number;

  @ApiJsonInteger({ description: 'Rupiah settled into the income wallet.' })
  total_amount: JsonInteger;
}

export class SettlementRunDto {
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

export class SettlementPendingDto {
  @ApiProperty()
  payments_count: number;

  @ApiJsonInteger()
  total_amount: JsonInteger;
}

export class SettlementRunDetailDto extends SettlementRunDto {
  @ApiProperty({ type: [SettlementRunMerchantDto] })
  merchants: SettlementRunMerchantDto[];

  @ApiProperty({
    type: SettlementPendingDto,
    description: 'Payments received before the cutoff still to settle: while the run runs, what is left (its progress); once completed, late arrivals (they go with the next date).',
  })
  pending: SettlementPendingDto;
}

export class SettlementDueRunDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['running', 'completed'] })
  status: string;
}

export class SettlementDueDto extends SettlementPendingDto {
  @ApiProperty({ enum: ENVIRONMENTS })
  environment: Environment;

  @ApiProperty({ example: '2026-11-21' })
  business_date: string;

  @ApiProperty({ format: 'date-time' })
  cutoff_at: string;

  @ApiProperty({ type: SettlementDueRunDto, nullable: true, description: "The date's run, if it was started." })
  run: SettlementDueRunDto | null;
}

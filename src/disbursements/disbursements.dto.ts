import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { ResourceListQueryDto } from '../common/resource-list-query';
import { ToInteger, Trim } from '../common/validation/transforms';
import type { DisbursementStatus } from './disbursement.views';
import { FAILURE_CODES } from '../domain/failure-codes';
import type { FailureCode } from '../domain/failure-codes';

export const MAX_BATCH_ITEMS = 1000;
const STATUS_DESCRIPTION = '`pending`: we are disbursing. `done`: the recipient has the money. `failed`: see `failure_code`; the amount is back in your disburse wallet.';

export class CreateDisbursementDto {
  @ApiProperty({ example: 'BCA', description: 'Target bank: a code from GET /api/v2/banks.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'bank_code is required' })
  bank_code: string;

  @ApiProperty({ example: 'James Bond', description: 'The account holder name.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'account_name is required' })
  @MaxLength(255)
  account_name: string;

  @ApiProperty({ example: '12345678', description: 'The account number at the bank (digits only).' })
  @Trim()
  @IsString()
  @Matches(/^[0-9]{5,34}$/, { message: 'account_number must be 5 to 34 digits' })
  account_number: string;

  @ApiProperty({ example: 'Bayar Nasabah' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'description is required' })
  @MaxLength(500)
  description: string;

  @ApiProperty({ example: '124', description: 'Your own id for this disbursement.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'external_id is required' })
  @MaxLength(255)
  external_id: string;

  @ApiProperty({ example: 20000000, description: 'Whole rupiah, within the bank\'s limits (GET /api/v2/banks).' })
  @ToInteger()
  @IsInt({ message: 'amount must be a whole number of rupiah' })
  @Min(1, { message: 'amount must be at least 1' })
  amount: number;
}

const STATUSES: DisbursementStatus[] = ['pending', 'done', 'failed'];

/** `GET /disbursements`. */
export class DisbursementListQueryDto extends ResourceListQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, description: 'Only those with this status.' })
  @IsOptional()
  @IsIn(STATUSES, { message: 'status must be one of pending, done, failed' })
  status?: DisbursementStatus;
}

export class DisbursementDto {
  @ApiProperty({ example: 'b39ff2bfb731485ba159585d44759f15' })
  id: string;

  @ApiProperty({ enum: STATUSES, description: STATUS_DESCRIPTION })
  status: string;

  @ApiProperty({ example: '124' })
  external_id: string;

  @ApiProperty({ example: 'BCA' })
  bank_code: string;

  @ApiProperty({ example: 'James Bond' })
  account_name: string;

  @ApiProperty({ example: '12345678' })
  account_number: string;

  @ApiProperty({ example: 'Bayar Nasabah' })
  description: string;

  @ApiProperty({ example: 20000000 })
  amount: number;

  @ApiPropertyOptional({ enum: FAILURE_CODES, description: 'Only when failed.' })
  failure_code?: FailureCode;
}

export class DisbursementRecordDto extends DisbursementDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:00.000Z', description: 'When it was created (read endpoints only).' })
  created: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it became done or failed; null while pending (read endpoints only).' })
  completed: string | null;
}

export class CreateBatchDisbursementDto {
  @ApiProperty({ example: 'payroll-2026-11', description: 'Your reference for the batch.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'reference is required' })
  @MaxLength(255)
  reference: string;

  @ApiProperty({ type: [CreateDisbursementDto], description: `1 to ${MAX_BATCH_ITEMS} disbursements; all are created or none.` })
  @IsArray({ message: 'disbursements must be a list' })
  @ArrayMinSize(1, { message: 'disbursements must have at least one item' })
  @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `disbursements must have at most ${MAX_BATCH_ITEMS} items` })
  @ValidateNested({ each: true })
  @Type(() => CreateDisbursementDto)
  disbursements: CreateDisbursementDto[];
}

export class BatchDisbursementDto {
  @ApiProperty({ example: '5f1d2c3b4a5968778695a4b3c2d1e0f9' })
  id: string;

  @ApiProperty({ example: 'payroll-2026-11' })
  reference: string;

  @ApiProperty({ enum: ['pending', 'completed'], description: '`completed` once every item is done or failed.' })
  status: string;

  @ApiProperty({ example: 2 })
  item_count: number;

  @ApiProperty({ example: 40000000 })
  total_amount: number;

  @ApiProperty({ example: { pending: 1, done: 1, failed: 0 } })
  counts: { pending: number; done: number; failed: number };

  @ApiProperty({ type: [DisbursementDto] })
  disbursements: DisbursementDto[];
}

export class InquiryAccountDto {
  @ApiProperty({ example: 'BCA' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'bank_code is required' })
  bank_code: string;

  @ApiProperty({ example: '8760673566' })
  @Trim()
  @IsString()
  @Matches(/^[0-9]{5,34}$/, { message: 'account_number must be 5 to 34 digits' })
  account_number: string;
}

export class InquiryResultDto {
  @ApiProperty({ example: 'BCA' })
  bank_code: string;

  @ApiProperty({ example: '8760673566' })
  account_number: string;

  @ApiProperty({ example: 'BUDI SANTOSO', description: 'The account holder name as the bank reports it.' })
  account_name: string;
}

export class SimulateFailureDto {
  @ApiPropertyOptional({ enum: FAILURE_CODES, default: 'REJECTED_BY_BANK', example: 'INVALID_DESTINATION' })
  @IsOptional()
  @IsIn(FAILURE_CODES)
  failure_code?: FailureCode;
}


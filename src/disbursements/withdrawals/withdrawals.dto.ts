import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../common/pagination';
import { ToInteger, Trim } from '../../common/validation/transforms';
import type { WithdrawalStatus } from './withdrawal.views';

const WITHDRAWAL_STATUSES: WithdrawalStatus[] = ['pending', 'done', 'failed'];

export class WithdrawalAccountInputDto {
  @ApiProperty({ example: 'BCA', description: 'A code from GET /api/v2/banks.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'bank_code is required' })
  bank_code: string;

  @ApiProperty({ example: '1234567890', description: 'Digits only.' })
  @Trim()
  @IsString()
  @Matches(/^[0-9]{5,34}$/, { message: 'account_number must be 5 to 34 digits' })
  account_number: string;

  @ApiProperty({ example: 'PT Test Client' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'account_name is required' })
  @MaxLength(255)
  account_name: string;
}

export class WithdrawalAccountDto {
  @ApiProperty({ example: 'BCA' })
  bank_code: string;

  @ApiProperty({ example: '1234567890' })
  account_number: string;

  @ApiProperty({ example: 'PT Test Client' })
  account_name: string;

  @ApiProperty({ format: 'date-time' })
  updated: string;
}

export class CreateWithdrawalDto {
  @ApiProperty({ example: 1000000, description: 'Rupiah to move from the income wallet to your registered account.' })
  @ToInteger()
  @IsInt({ message: 'amount must be a whole number of rupiah' })
  @Min(1, { message: 'amount must be at least 1' })
  amount: number;
}

export class WithdrawalDto {
  @ApiProperty({ example: 'b39ff2bfb731485ba159585d44759f15' })
  id: string;

  @ApiProperty({ enum: WITHDRAWAL_STATUSES, description: 'pending → done | failed (a failure returns the money).' })
  status: WithdrawalStatus;

  @ApiProperty({ example: 1000000 })
  amount: number;

  @ApiProperty({ example: 'BCA' })
  bank_code: string;

  @ApiProperty({ example: '1234567890' })
  account_number: string;

  @ApiProperty({ example: 'PT Test Client' })
  account_name: string;

  @ApiProperty({ type: String, nullable: true })
  failure_reason: string | null;

  @ApiProperty({ format: 'date-time' })
  created: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completed: string | null;
}

export class WithdrawalListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: WITHDRAWAL_STATUSES })
  @IsOptional()
  @IsIn(WITHDRAWAL_STATUSES)
  status?: WithdrawalStatus;
}

export class WithdrawalPageDto extends PageDtoOf(WithdrawalDto, 'WithdrawalPage') {}

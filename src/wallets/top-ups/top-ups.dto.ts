import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../common/pagination';
import { ToInteger, Trim } from '../../common/validation/transforms';

export type TopUpStatus = 'pending' | 'approved' | 'rejected' | 'reversed';

export const MAX_TOP_UP_AMOUNT = 1_000_000_000_000;
const TOP_UP_STATUSES: TopUpStatus[] = ['pending', 'approved', 'rejected', 'reversed'];

export class CreateTopUpDto {
  @ApiProperty({ example: 50000000, description: 'Rupiah you transferred to the top-up bank account.' })
  @ToInteger()
  @IsInt({ message: 'amount must be a whole number of rupiah' })
  @Min(1, { message: 'amount must be at least 1' })
  @Max(MAX_TOP_UP_AMOUNT, { message: `amount must be at most ${MAX_TOP_UP_AMOUNT}` })
  amount: number;

  @ApiProperty({
    example: 'BCA-20261122-000123',
    description: 'Your bank transfer reference, so finance can match it. One top-up per reference.',
  })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'transfer_reference is required' })
  @MaxLength(255)
  transfer_reference: string;
}

export class TopUpDto {
  @ApiProperty({ example: '44533f6787696bb0aac54113c342d00d' })
  id: string;

  @ApiProperty({ enum: TOP_UP_STATUSES, description: 'pending → approved | rejected; approved → reversed.' })
  status: TopUpStatus;

  @ApiProperty({ example: 50000000 })
  amount: number;

  @ApiProperty({ example: 'BCA-20261122-000123' })
  transfer_reference: string;

  @ApiProperty({ nullable: true, description: 'Why it was rejected or reversed.' })
  reason: string | null;

  @ApiProperty({ format: 'date-time' })
  created: string;

  @ApiProperty({ format: 'date-time', nullable: true })
  decided: string | null;
}

export class TopUpListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TOP_UP_STATUSES })
  @IsOptional()
  @IsIn(TOP_UP_STATUSES)
  status?: TopUpStatus;
}

export class TopUpPageDto extends PageDtoOf(TopUpDto, 'TopUpPage') {}

export class DecisionReasonDto {
  @ApiProperty({ example: 'Transfer not found on the bank statement' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'reason is required' })
  @MaxLength(500)
  reason: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
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

  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected or reversed.' })
  reason: string | null;

  @ApiProperty({ format: 'date-time' })
  created: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
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

export class TopUpBankAccountDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'BNI' })
  bank_code: string;

  @ApiProperty({ example: 'Bank Negara Indonesia (BNI)' })
  bank_name: string;

  @ApiProperty({ example: '8808123456789' })
  account_number: string;

  @ApiProperty({ example: 'PT Palladium Dana Titipan' })
  account_name: string;
}

export class AdminTopUpBankAccountDto extends TopUpBankAccountDto {
  @ApiProperty({ enum: ['development', 'production'] })
  environment: 'development' | 'production';

  @ApiProperty({ description: 'Shown to merchants while true; a retired account stays on record.' })
  active: boolean;

  @ApiProperty({ format: 'date-time' })
  created: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  retired: string | null;
}

export class NewTopUpBankAccountDto {
  @ApiProperty({ enum: ['development', 'production'], example: 'production' })
  @IsIn(['development', 'production'], { message: 'environment must be one of development, production' })
  environment: 'development' | 'production';

  @ApiProperty({ example: 'BNI', description: 'A code of GET /api/v2/banks.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'bank_code is required' })
  bank_code: string;

  @ApiProperty({ example: '8808123456789', description: 'Digits only.' })
  @Trim()
  @IsString()
  @Matches(/^[0-9]{5,34}$/, { message: 'account_number must be 5 to 34 digits' })
  account_number: string;

  @ApiProperty({ example: 'PT Palladium Dana Titipan' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'account_name is required' })
  @MaxLength(100)
  account_name: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';
import { ToInteger } from '../../common/validation/transforms';

/** Duitku "Clearing Callback" (H2H). */
export class DuitkuDisbursementCallbackDto {
  @ApiProperty() @IsNotEmpty() disburseId: string | number;
  @ApiProperty() @IsNotEmpty() userId: string | number;
  @ApiProperty() @IsString() @IsNotEmpty() email: string;
  @ApiProperty({ description: "Duitku's bank code; must be the bank we sent" }) @IsString() @IsNotEmpty() bankCode: string;
  @ApiProperty({ description: 'Must be the account we sent' }) @IsString() @IsNotEmpty() bankAccount: string;
  @ApiProperty({ description: 'Whole rupiah; must be the amount we sent' }) @ToInteger() @IsInt() @Min(1) amountTransfer: number;
  @ApiProperty() @IsString() @IsNotEmpty() accountName: string;
  @ApiProperty() @IsString() @IsNotEmpty() custRefNumber: string;
  @ApiProperty({ description: '00 success, 01 failed, 68 pending' }) @IsString() @IsNotEmpty() statusCode: string;
  @ApiPropertyOptional() @IsOptional() @IsString() statusDesc?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() errorMessage?: string;
  @ApiProperty() @IsString() @IsNotEmpty() signature: string;
}

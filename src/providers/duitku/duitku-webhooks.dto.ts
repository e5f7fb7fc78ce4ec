import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';
import { ToInteger } from '../../common/validation/transforms';

/** Duitku "Clearing Callback" (H2H). */
export class DuitkuDisbursementCallbackDto {
  @ApiProperty({ example: 121 }) @IsNotEmpty() disburseId: string | number;
  @ApiProperty({ example: 3551 }) @IsNotEmpty() userId: string | number;
  @ApiProperty({ example: 'payouts@palladium.example' }) @IsString() @IsNotEmpty() email: string;
  @ApiProperty({ example: '014', description: "Duitku's bank code; must be the bank we sent" }) @IsString() @IsNotEmpty() bankCode: string;
  @ApiProperty({ example: '8760673566', description: 'Must be the account we sent' }) @IsString() @IsNotEmpty() bankAccount: string;
  @ApiProperty({ example: 50000, description: 'Whole rupiah; must be the amount we sent' }) @ToInteger() @IsInt() @Min(1) amountTransfer: number;
  @ApiProperty({ example: 'James Bond' }) @IsString() @IsNotEmpty() accountName: string;
  @ApiProperty({ example: '000000001234' }) @IsString() @IsNotEmpty() custRefNumber: string;
  @ApiProperty({ example: '00', description: '00 success, 01 failed, 68 pending' }) @IsString() @IsNotEmpty() statusCode: string;
  @ApiPropertyOptional({ example: 'Success' }) @IsOptional() @IsString() statusDesc?: string;
  @ApiPropertyOptional({ example: '' }) @IsOptional() @IsString() errorMessage?: string;
  @ApiProperty({ example: '2e9d4c0e4a0a3f4f5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9012345' }) @IsString() @IsNotEmpty() signature: string;
}

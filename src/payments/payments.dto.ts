import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { ResourceListQueryDto } from '../common/resource-list-query';
import { ToBoolean, ToInteger, Trim } from '../common/validation/transforms';
import type { PayableStatus } from './payable-resource';

const STATUS_DESCRIPTION =
  '`unpaid`: waiting for the payer. `pending`: paid, waiting for the 14:00 bank settlement. ' +
  '`done`: settled, the money is in your income wallet. `expired`: past its expiration date unpaid.';
const STATUSES: PayableStatus[] = ['unpaid', 'pending', 'done', 'expired'];

/** `GET /virtual-accounts` and `GET /retail-payments`. */
export class PayableListQueryDto extends ResourceListQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, description: 'Only those with this status.' })
  @IsOptional()
  @IsIn(STATUSES, { message: 'status must be one of unpaid, pending, done, expired' })
  status?: PayableStatus;
}

class PayableFields {
  @ApiProperty({ example: '124', description: 'Your own id for this payment; not required to be unique.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'external_id is required' })
  @MaxLength(255)
  external_id: string;

  @ApiProperty({ example: 10000000, description: 'The amount you expect the payer to pay, in rupiah.' })
  @ToInteger()
  @IsInt({ message: 'amount must be a whole number of rupiah' })
  @Min(1, { message: 'amount must be at least 1' })
  amount: number;

  @ApiPropertyOptional({
    example: '2030-12-31 23:59:59',
    description: 'When it stops accepting payments: "YYYY-MM-DD HH:mm:ss" (Asia/Jakarta) or ISO 8601. Default: 31 years ahead.',
  })
  @IsOptional()
  @IsString()
  expiration_date?: string;
}

export class CreateVirtualAccountDto extends PayableFields {
  @ApiProperty({ example: 'BNI', description: '"BNI", "BRI", "BSS" (Bank Sahabat Sampoerna); "BCA" is coming soon.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'bank_code is required' })
  bank_code: string;

  @ApiPropertyOptional({ example: 'PT Test Bersama', description: 'The name shown in internet banking / ATM (the spec\'s curl field).' })
  @Trim()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'PT Test Bersama', description: 'Same as `name` (the spec\'s table field); send either.' })
  @Trim()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  account_name?: string;

  @ApiProperty({ example: true, description: 'If true, the account takes one payment only.' })
  @ToBoolean()
  @IsBoolean({ message: 'is_single_use must be true or false' })
  is_single_use: boolean;
}

export class UpdateVirtualAccountDto {
  @ApiPropertyOptional({ example: 15000000 })
  @IsOptional()
  @ToInteger()
  @IsInt({ message: 'amount must be a whole number of rupiah' })
  @Min(1)
  amount?: number;

  @ApiPropertyOptional({ example: '2031-01-31 23:59:59' })
  @IsOptional()
  @IsString()
  expiration_date?: string;
}

export class VirtualAccountDto {
  @ApiProperty({ example: 'd718b709b87a83e0950eca8803a123f9' })
  id: string;

  @ApiProperty({ enum: STATUSES, example: 'unpaid', description: STATUS_DESCRIPTION })
  status: string;

  @ApiProperty({ example: '124' })
  external_id: string;

  @ApiProperty({ example: 'BNI' })
  bank_code: string;

  @ApiProperty({ example: 'XDT-PT Test Bersama', description: 'VA_ACCOUNT_NAME_PREFIX + name.' })
  account_name: string;

  @ApiProperty({ example: '8808999986203536', description: 'The number the payer transfers to.' })
  account_number: string;

  @ApiProperty({ example: 10000000 })
  amount: number;

  @ApiProperty({ example: true })
  is_single_use: boolean;

  @ApiProperty({ example: '2052-12-23 00:00:00', description: 'YYYY-MM-DD HH:mm:ss, Asia/Jakarta.' })
  expiration_date: string;
}

export class CreateRetailPaymentDto extends PayableFields {
  @ApiProperty({ example: 'ALFAMART', description: "'ALFAMART' for Alfamart." })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'retail_outlet_name is required' })
  retail_outlet_name: string;

  @ApiProperty({ example: 'PT Test Bersama', description: 'The name the cashier sees.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name is required' })
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ example: false, default: false, description: 'If true, the code takes one payment only.' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'is_single_use must be true or false' })
  is_single_use?: boolean;
}

export class RetailPaymentDto {
  @ApiProperty({ example: '44533f6787696bb0aac54113c342d00d' })
  id: string;

  @ApiProperty({ enum: STATUSES, example: 'unpaid', description: STATUS_DESCRIPTION })
  status: string;

  @ApiProperty({ example: '123' })
  external_id: string;

  @ApiProperty({ example: 'ALFAMART' })
  retail_outlet_name: string;

  @ApiProperty({ example: 'PT Test Bersama' })
  name: string;

  @ApiProperty({ example: 'TEST307106', description: 'The code the payer gives the cashier.' })
  payment_code: string;

  @ApiProperty({ example: 1000000 })
  amount: number;

  @ApiProperty({ example: false })
  is_single_use: boolean;

  @ApiProperty({ example: '2052-12-23 00:00:00' })
  expiration_date: string;
}


export class PaymentDto {
  @ApiProperty({ example: '9c1f0e7d2b3a4c5d6e7f8091a2b3c4d5' })
  id: string;

  @ApiProperty({ example: 10000000 })
  amount: number;

  @ApiProperty({ enum: ['pending', 'done'] })
  status: string;

  @ApiProperty({ format: 'date-time' })
  paid_at: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  settled_at: string | null;
}

export class SimulatePaymentDto {
  @ApiPropertyOptional({
    example: 10000000,
    description:
      "Default: the expected amount. Within the bank's or outlet's min_amount–max_amount, as in production " +
      '(GET /api/v2/virtual-account-banks, /api/v2/retail-outlets).',
  })
  @IsOptional()
  @ToInteger()
  @IsInt({ message: 'amount must be a whole number of rupiah' })
  @Min(1)
  amount?: number;
}

const CREATED = { format: 'date-time', example: '2026-11-22T07:15:00.000Z', description: 'When it was created (read endpoints only).' };

export class VirtualAccountRecordDto extends VirtualAccountDto {
  @ApiProperty(CREATED)
  created: string;
}

export class RetailPaymentRecordDto extends RetailPaymentDto {
  @ApiProperty(CREATED)
  created: string;
}

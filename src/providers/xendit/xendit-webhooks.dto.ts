import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';
import { ToInteger } from '../../common/validation/transforms';

/** Xendit "Fixed Virtual Account Payment Callback Request". */
export class XenditVirtualAccountPaidDto {
  @ApiProperty({ example: '598d5f71bf64853820c49a18', description: 'Xendit id of this FVA payment' }) @IsString() @IsNotEmpty() id: string;
  @ApiProperty({ example: '1502450097080', description: "Xendit's payment id: the same payment is recorded once" }) @IsString() @IsNotEmpty() payment_id: string;
  @ApiProperty({ example: '598d91b1191029596846047f', description: 'The FVA id Xendit gave at creation' }) @IsString() @IsNotEmpty() callback_virtual_account_id: string;
  @ApiProperty({ example: '7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a', description: 'Our virtual account id' }) @IsString() @IsNotEmpty() external_id: string;
  @ApiProperty({ example: 50000, description: 'Must be the expected amount: our FVAs are closed' }) @ToInteger() @IsInt() @Min(1) amount: number;
  // The doc sends these three on every payment; optional here so that a notice without them
  // is still stored (and shown to operators) rather than bounced. On one of our accounts
  // their absence is a conflict.
  @ApiPropertyOptional({ example: '9999000001', description: 'The account number without the merchant_code prefix; must be ours' }) @IsOptional() @IsString() account_number?: string;
  @ApiPropertyOptional({ example: 'BNI', description: "Xendit's bank code; must be the account's bank" }) @IsOptional() @IsString() bank_code?: string;
  @ApiPropertyOptional({ example: '2025-01-31T08:15:03.404Z' }) @IsOptional() @IsString() transaction_timestamp?: string;
  @ApiPropertyOptional({ example: '5824128aa6f9f9b648be9d76' }) @IsOptional() @IsString() owner_id?: string;
  @ApiPropertyOptional({ example: '8808', description: 'The prefix of the full account number' }) @IsOptional() @IsString() merchant_code?: string;
}

/** Xendit "Fixed Virtual Account Creation / Update Callback Request". */
export class XenditVirtualAccountUpdatedDto {
  @ApiProperty({ example: '598d91b1191029596846047f', description: 'The FVA id' }) @IsString() @IsNotEmpty() id: string;
  @ApiProperty({ example: '7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a', description: 'Our virtual account id' }) @IsString() @IsNotEmpty() external_id: string;
  @ApiProperty({ example: 'ACTIVE' }) @IsString() @IsNotEmpty() status: string;
  @ApiPropertyOptional({ example: '2025-01-31T08:15:03.404Z' }) @IsOptional() @IsString() updated?: string;
  @ApiPropertyOptional({ example: '88089999000001' }) @IsOptional() @IsString() account_number?: string;
  @ApiPropertyOptional({ example: 'BNI' }) @IsOptional() @IsString() bank_code?: string;
  @ApiPropertyOptional({ example: '2056-01-31T17:00:00.000Z' }) @IsOptional() @IsString() expiration_date?: string;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() is_single_use?: boolean;
}

/** Xendit "Fixed Payment Code Payment Callback Request". */
export class XenditRetailPaymentPaidDto {
  @ApiProperty({ example: 'b3b4a7e8-4d8d-4a4c-9f62-0a3c8ba3f1e2' }) @IsString() @IsNotEmpty() fixed_payment_code_payment_id: string;
  @ApiProperty({ example: '5b61881e6cc2770f00117f73', description: 'The FPC id Xendit gave at creation' }) @IsString() @IsNotEmpty() fixed_payment_code_id: string;
  @ApiProperty({ example: '1532426182753', description: "Xendit's payment id: the same payment is recorded once" }) @IsString() @IsNotEmpty() payment_id: string;
  @ApiProperty({ example: '7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a', description: 'Our retail payment id' }) @IsString() @IsNotEmpty() external_id: string;
  @ApiProperty({ example: 50000, description: "Must be the code's expected amount" }) @ToInteger() @IsInt() @Min(1) amount: number;
  // Sent on every payment per the doc; optional for the reason given on the FVA callback.
  @ApiPropertyOptional({ example: 'TEST123456', description: 'The complete payment code (with prefix); must be ours' }) @IsOptional() @IsString() payment_code?: string;
  @ApiPropertyOptional({ example: 'ALFAMART', description: "Must be the code's outlet" }) @IsOptional() @IsString() retail_outlet_name?: string;
  @ApiPropertyOptional({ example: '2025-01-31T08:15:03.404Z' }) @IsOptional() @IsString() transaction_timestamp?: string;
}

/** Xendit "Disbursement Callback Request". */
export class XenditDisbursementDto {
  @ApiProperty({ example: '57e214ba82b034c325e84d6e', description: 'Xendit disbursement id' }) @IsString() @IsNotEmpty() id: string;
  @ApiProperty({ example: '7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a', description: 'Our disbursement id' }) @IsString() @IsNotEmpty() external_id: string;
  @ApiProperty({ enum: ['COMPLETED', 'FAILED'], example: 'COMPLETED' }) @IsIn(['COMPLETED', 'FAILED']) status: 'COMPLETED' | 'FAILED';
  @ApiPropertyOptional({ example: 'INVALID_DESTINATION' }) @IsOptional() @IsString() failure_code?: string;
  // Sent on every callback per the doc; optional for the reason given on the FVA callback.
  @ApiPropertyOptional({ example: 20000000, description: 'Must be the amount we sent' }) @IsOptional() @ToInteger() @IsInt() @Min(1) amount?: number;
  @ApiPropertyOptional({ example: 'BCA', description: 'Must be the bank we sent' }) @IsOptional() @IsString() bank_code?: string;
  @ApiPropertyOptional({ example: '12345678', description: 'Not in the doc; when sent, must be the account we sent' }) @IsOptional() @IsString() account_number?: string;
  @ApiPropertyOptional({ example: '2025-01-31T08:15:03.404Z' }) @IsOptional() @IsString() updated?: string;
}

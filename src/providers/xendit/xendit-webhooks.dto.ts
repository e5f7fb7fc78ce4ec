import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';
import { ToInteger } from '../../common/validation/transforms';

/** Xendit "Fixed Virtual Account Payment Callback Request". */
export class XenditVirtualAccountPaidDto {
  @ApiProperty({ description: 'Xendit id of this FVA payment' }) @IsString() @IsNotEmpty() id: string;
  @ApiProperty({ description: "Xendit's payment id: the same payment is recorded once" }) @IsString() @IsNotEmpty() payment_id: string;
  @ApiProperty({ description: 'The FVA id Xendit gave at creation' }) @IsString() @IsNotEmpty() callback_virtual_account_id: string;
  @ApiProperty({ description: 'Our virtual account id' }) @IsString() @IsNotEmpty() external_id: string;
  @ApiProperty({ description: 'Must be the expected amount: our FVAs are closed' }) @ToInteger() @IsInt() @Min(1) amount: number;
  // The doc sends these three on every payment; optional here so that a notice without them
  // is still stored (and shown to operators) rather than bounced. On one of our accounts
  // their absence is a conflict.
  @ApiPropertyOptional({ description: 'The account number without the merchant_code prefix; must be ours' }) @IsOptional() @IsString() account_number?: string;
  @ApiPropertyOptional({ description: "Xendit's bank code; must be the account's bank" }) @IsOptional() @IsString() bank_code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() transaction_timestamp?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() owner_id?: string;
  @ApiPropertyOptional({ description: 'The prefix of the full account number' }) @IsOptional() @IsString() merchant_code?: string;
}

/** Xendit "Fixed Virtual Account Creation / Update Callback Request". */
export class XenditVirtualAccountUpdatedDto {
  @ApiProperty({ description: 'The FVA id' }) @IsString() @IsNotEmpty() id: string;
  @ApiProperty({ description: 'Our virtual account id' }) @IsString() @IsNotEmpty() external_id: string;
  @ApiProperty({ example: 'ACTIVE' }) @IsString() @IsNotEmpty() status: string;
  @ApiPropertyOptional() @IsOptional() @IsString() updated?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() account_number?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() bank_code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() expiration_date?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() is_single_use?: boolean;
}

/** Xendit "Fixed Payment Code Payment Callback Request". */
export class XenditRetailPaymentPaidDto {
  @ApiProperty() @IsString() @IsNotEmpty() fixed_payment_code_payment_id: string;
  @ApiProperty({ description: 'The FPC id Xendit gave at creation' }) @IsString() @IsNotEmpty() fixed_payment_code_id: string;
  @ApiProperty({ description: "Xendit's payment id: the same payment is recorded once" }) @IsString() @IsNotEmpty() payment_id: string;
  @ApiProperty({ description: 'Our retail payment id' }) @IsString() @IsNotEmpty() external_id: string;
  @ApiProperty({ description: "Must be the code's expected amount" }) @ToInteger() @IsInt() @Min(1) amount: number;
  // Sent on every payment per the doc; optional for the reason given on the FVA callback.
  @ApiPropertyOptional({ description: 'The complete payment code (with prefix); must be ours' }) @IsOptional() @IsString() payment_code?: string;
  @ApiPropertyOptional({ description: "Must be the code's outlet" }) @IsOptional() @IsString() retail_outlet_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() transaction_timestamp?: string;
}

/** Xendit "Disbursement Callback Request". */
export class XenditDisbursementDto {
  @ApiProperty({ description: 'Xendit disbursement id' }) @IsString() @IsNotEmpty() id: string;
  @ApiProperty({ description: 'Our disbursement id' }) @IsString() @IsNotEmpty() external_id: string;
  @ApiProperty({ enum: ['COMPLETED', 'FAILED'] }) @IsIn(['COMPLETED', 'FAILED']) status: 'COMPLETED' | 'FAILED';
  @ApiPropertyOptional() @IsOptional() @IsString() failure_code?: string;
  // Sent on every callback per the doc; optional for the reason given on the FVA callback.
  @ApiPropertyOptional({ description: 'Must be the amount we sent' }) @IsOptional() @ToInteger() @IsInt() @Min(1) amount?: number;
  @ApiPropertyOptional({ description: 'Must be the bank we sent' }) @IsOptional() @IsString() bank_code?: string;
  @ApiPropertyOptional({ description: 'Not in the doc; when sent, must be the account we sent' }) @IsOptional() @IsString() account_number?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() updated?: string;
}

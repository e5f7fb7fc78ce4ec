import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';
import { ToInteger } from '../common/validation/transforms';

/** Xendit "Fixed Virtual Account Payment Callback Request". */
export class XenditVirtualAccountPaidDto {
  @ApiProperty({ description: 'Xendit id of this FVA payment' }) @IsString() @IsNotEmpty() id: string;
  @ApiProperty({ description: "Xendit's payment id: the same payment is recorded once" }) @IsString() @IsNotEmpty() payment_id: string;
  @ApiProperty({ description: 'The FVA id Xendit gave at creation' }) @IsString() @IsNotEmpty() callback_virtual_account_id: string;
  @ApiProperty({ description: 'Our virtual account id' }) @IsString() @IsNotEmpty() external_id: string;
  @ApiProperty() @ToInteger() @IsInt() @Min(1) amount: number;
  @ApiPropertyOptional() @IsOptional() @IsString() account_number?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() bank_code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() transaction_timestamp?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() owner_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() merchant_code?: string;
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
  @ApiProperty() @ToInteger() @IsInt() @Min(1) amount: number;
  @ApiPropertyOptional() @IsOptional() @IsString() payment_code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() retail_outlet_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() transaction_timestamp?: string;
}

/** Xendit "Disbursement Callback Request". */
export class XenditDisbursementDto {
  @ApiProperty({ description: 'Xendit disbursement id' }) @IsString() @IsNotEmpty() id: string;
  @ApiProperty({ description: 'Our disbursement id' }) @IsString() @IsNotEmpty() external_id: string;
  @ApiProperty({ enum: ['COMPLETED', 'FAILED'] }) @IsIn(['COMPLETED', 'FAILED']) status: 'COMPLETED' | 'FAILED';
  @ApiPropertyOptional() @IsOptional() @IsString() failure_code?: string;
  @ApiPropertyOptional() @IsOptional() @ToInteger() @IsInt() amount?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() bank_code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() updated?: string;
}

/** Duitku "Clearing Callback" (H2H). */
export class DuitkuDisbursementCallbackDto {
  @ApiProperty() @IsNotEmpty() disburseId: string | number;
  @ApiProperty() @IsNotEmpty() userId: string | number;
  @ApiProperty() @IsString() @IsNotEmpty() email: string;
  @ApiProperty() @IsString() @IsNotEmpty() bankCode: string;
  @ApiProperty() @IsString() @IsNotEmpty() bankAccount: string;
  @ApiProperty() @IsNotEmpty() amountTransfer: string | number;
  @ApiProperty() @IsString() @IsNotEmpty() accountName: string;
  @ApiProperty() @IsString() @IsNotEmpty() custRefNumber: string;
  @ApiProperty({ description: '00 success, 01 failed, 68 pending' }) @IsString() @IsNotEmpty() statusCode: string;
  @ApiPropertyOptional() @IsOptional() @IsString() statusDesc?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() errorMessage?: string;
  @ApiProperty() @IsString() @IsNotEmpty() signature: string;
}

export class WebhookReceiptDto {
  @ApiProperty({ example: true }) received: boolean;
  @ApiProperty({ description: 'The same event was received before; nothing was done again.' }) duplicate: boolean;
  @ApiProperty({ enum: ['applied', 'noted', 'unmatched', 'conflict'] }) outcome: string;
}

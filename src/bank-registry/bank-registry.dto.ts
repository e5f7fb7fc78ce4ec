import { ApiProperty } from '@nestjs/swagger';

export class DisbursementBankDto {
  @ApiProperty({ example: 'BCA', description: 'Code to send as `bank_code` in create-disbursement.' })
  code: string;

  @ApiProperty({ example: 'Bank Central Asia (BCA)' })
  name: string;

  @ApiProperty({ example: true, description: 'Whether disbursements to this bank are accepted now.' })
  can_disburse: boolean;

  @ApiProperty({ example: 10000, description: 'Smallest amount per disbursement, in rupiah.' })
  min_amount: number;

  @ApiProperty({ example: 50000000, description: 'Largest amount per disbursement, in rupiah.' })
  max_amount: number;
}

export class VirtualAccountBankDto {
  @ApiProperty({ example: 'BNI', description: 'Code to send as `bank_code` in create-virtual-account.' })
  code: string;

  @ApiProperty({ example: 'Bank Negara Indonesia (BNI)' })
  name: string;

  @ApiProperty({ enum: ['available', 'coming_soon'], example: 'available' })
  status: 'available' | 'coming_soon';

  @ApiProperty({ example: 1, description: 'Smallest expected amount, in rupiah.' })
  min_amount: number;

  @ApiProperty({ example: 50000000000, description: 'Largest expected amount, in rupiah.' })
  max_amount: number;
}

export class RetailOutletDto {
  @ApiProperty({ example: 'ALFAMART', description: 'Value to send as `retail_outlet_name`.' })
  name: string;

  @ApiProperty({ enum: ['available'], example: 'available' })
  status: 'available';

  @ApiProperty({ example: 10000 })
  min_amount: number;

  @ApiProperty({ example: 5000000 })
  max_amount: number;
}

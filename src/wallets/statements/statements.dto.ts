import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { ApiJsonInteger } from '../../common/json-integer';
import type { JsonInteger } from '../../common/json-integer';
import { PageDtoOf, PageQueryDto } from '../../common/pagination';
import { TRANSFER_CODES } from '../ledger/ledger.types';
import type { TransferCode, TransferKind, WalletKind } from '../ledger/ledger.types';
import { MOVEMENT_RESOURCE_TYPES } from './statement-resources.service';
import type { MovementResourceType } from './statement-resources.service';

const WALLETS: WalletKind[] = ['income', 'disburse'];
const KINDS: TransferKind[] = ['posted', 'pending', 'post_pending', 'void_pending'];
export const STATEMENT_ORDERS = ['newest_first', 'oldest_first'] as const;
export type StatementOrderName = (typeof STATEMENT_ORDERS)[number];

export class StatementQueryDto extends PageQueryDto {
  @ApiProperty({ enum: WALLETS, description: 'Which wallet.' })
  @IsIn(WALLETS, { message: 'wallet must be income or disburse' })
  wallet: WalletKind;

  @ApiPropertyOptional({
    example: '2026-11-01',
    description: 'Inclusive. A date (YYYY-MM-DD, Asia/Jakarta day) or an ISO 8601 timestamp.',
  })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'A date includes that whole day (Asia/Jakarta); a timestamp is exclusive.',
  })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiPropertyOptional({ enum: TRANSFER_CODES, description: 'Only movements of this kind (e.g. `withdrawal`); the running balance stays the wallet\'s.' })
  @IsOptional()
  @IsIn(TRANSFER_CODES, { message: `code must be one of ${TRANSFER_CODES.join(', ')}` })
  code?: TransferCode;

  @ApiPropertyOptional({
    enum: STATEMENT_ORDERS,
    default: 'newest_first',
    description: '`oldest_first` lists (and exports) the period in the order it happened, e.g. to replay it against your books.',
  })
  @IsOptional()
  @IsIn(STATEMENT_ORDERS, { message: 'order must be newest_first or oldest_first' })
  order?: StatementOrderName;

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    description:
      '`csv` (or `Accept: text/csv`) streams the whole period as CSV: the same columns, times in Asia/Jakarta with their offset ' +
      '(`2026-11-22T14:00:00+07:00`), amounts as plain whole rupiah.',
  })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class StatementRowDto {
  @ApiProperty({ example: 'top_up:44533f6787696bb0aac54113c342d00d', description: 'Ledger transfer id.' })
  id: string;

  @ApiProperty({ example: 7, description: 'Position in this wallet\'s history (1 = first).' })
  seq: number;

  @ApiProperty({ format: 'date-time', description: 'UTC in JSON; Asia/Jakarta with its offset in CSV.' })
  created: string;

  @ApiProperty({ enum: TRANSFER_CODES, description: 'What the movement is.' })
  code: TransferCode;

  @ApiProperty({
    example: '44533f6787696bb0aac54113c342d00d',
    description: 'Our id of what it belongs to: the payment (payment and settlement rows), top-up, withdrawal or disbursement.',
  })
  reference: string;

  @ApiProperty({
    enum: MOVEMENT_RESOURCE_TYPES,
    nullable: true,
    example: 'virtual_account',
    description: 'What the movement is about: the virtual account or retail payment a payment was made on, the disbursement, withdrawal or top-up.',
  })
  resource_type: MovementResourceType | null;

  @ApiProperty({ type: String, nullable: true, example: '9c1f0e7d2b3a4c5d6e7f8091a2b3c4d5', description: 'Our id of that resource (as in its API).' })
  resource_id: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'INV-2026-0042',
    description: "Your own id of that resource: its external_id (a top-up's transfer_reference); null for withdrawals.",
  })
  external_id: string | null;

  @ApiProperty({
    enum: KINDS,
    description:
      '`posted`: final. `pending`: a reservation (money out) or money received but not settled (money in). ' +
      '`post_pending`: a reservation completed. `void_pending`: a reservation cancelled, money returned.',
  })
  kind: TransferKind;

  @ApiProperty({ enum: ['credit', 'debit'], description: 'credit = into this wallet, debit = out of it.' })
  direction: 'credit' | 'debit';

  @ApiProperty({ example: 1000000, description: 'Whole rupiah.' })
  amount: number;

  @ApiProperty({ example: -1000000, description: 'Change to the available balance (0 for money not yet settled).' })
  balance_change: number;

  @ApiJsonInteger({ example: 49000000, description: 'Available balance right after this row: what /me showed then.' })
  running_balance: JsonInteger;

  @ApiJsonInteger({ example: 0, description: 'Received but not yet settled, right after this row.' })
  pending_balance: JsonInteger;
}

export class StatementPageDto extends PageDtoOf(StatementRowDto, 'StatementPage') {}

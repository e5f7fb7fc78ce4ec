import { ApiProperty } from '@nestjs/swagger';
import { ApiJsonInteger } from '../../common/json-integer';
import type { JsonInteger } from '../../common/json-integer';

/** Exactly the spec's fields, its `remaning_` spelling included: clients depend on it. */
export class MeDto {
  @ApiProperty({ example: 'PT Test Client' })
  name: string;

  @ApiProperty({ example: 'qa@testclient.com' })
  email: string;

  @ApiJsonInteger({
    example: 10000000,
    description: 'Income wallet: settled money you can withdraw now, less withdrawals in flight (rupiah).',
  })
  remaning_withdrawable_amount: JsonInteger;

  @ApiJsonInteger({
    example: 550000000,
    description: 'Disburse wallet: approved top-ups you can disburse now, less disbursements in flight (rupiah).',
  })
  remaning_disbursable_amount: JsonInteger;
}

export class IncomeWalletCalculationDto {
  @ApiJsonInteger({ example: 25000000, description: 'Settled payments, all time (statement code `settlement`).' })
  settled: JsonInteger;

  @ApiJsonInteger({ example: 10000000, description: 'Completed withdrawals, all time (statement code `withdrawal`).' })
  withdrawn: JsonInteger;

  @ApiJsonInteger({ example: 5000000, description: 'Reserved by withdrawals in flight.' })
  reserved_for_withdrawals: JsonInteger;

  @ApiJsonInteger({ example: 10000000, description: 'settled − withdrawn − reserved_for_withdrawals: `remaning_withdrawable_amount` of /me.' })
  withdrawable: JsonInteger;

  @ApiJsonInteger({ example: 2000000, description: 'Paid, waiting for the bank settlement; not withdrawable yet.' })
  pending_settlement: JsonInteger;
}

export class DisburseWalletCalculationDto {
  @ApiJsonInteger({ example: 600000000, description: 'Approved top-ups, all time (statement code `top_up`).' })
  topped_up: JsonInteger;

  @ApiJsonInteger({ example: 40000000, description: 'Completed disbursements, and top-ups reversed by an operator, all time (codes `disbursement`, `reversal`).' })
  disbursed: JsonInteger;

  @ApiJsonInteger({ example: 10000000, description: 'Reserved by disbursements not completed or failed yet.' })
  reserved_for_disbursements: JsonInteger;

  @ApiJsonInteger({ example: 550000000, description: 'topped_up − disbursed − reserved_for_disbursements: `remaning_disbursable_amount` of /me.' })
  disbursable: JsonInteger;
}

/** Both wallets with the calculation behind what /me shows: the ledger's own totals, exact. */
export class WalletCalculationDto {
  @ApiProperty({ type: IncomeWalletCalculationDto })
  income: IncomeWalletCalculationDto;

  @ApiProperty({ type: DisburseWalletCalculationDto })
  disburse: DisburseWalletCalculationDto;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next daily settlement runs (production). Null in development, where a payment settles by itself SANDBOX_PENDING_SECONDS after it was paid.',
  })
  next_settlement_at: string | null;
}

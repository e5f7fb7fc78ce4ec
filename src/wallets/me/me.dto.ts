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

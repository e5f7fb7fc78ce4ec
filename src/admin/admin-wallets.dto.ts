import { ApiProperty } from '@nestjs/swagger';
import { ENVIRONMENTS } from '../common/environment';
import type { Environment } from '../common/environment';
import { ApiJsonInteger } from '../common/json-integer';
import type { JsonInteger } from '../common/json-integer';
import { PageDtoOf } from '../common/pagination';
import { TopUpDto } from '../wallets/top-ups/top-ups.dto';
import { WithdrawalDto } from '../disbursements/withdrawals/withdrawals.dto';

export class AdminTopUpDto extends TopUpDto {
  @ApiProperty({ format: 'uuid' })
  merchant_id: string;

  @ApiProperty({ enum: ENVIRONMENTS })
  environment: Environment;
}

export class AdminWithdrawalDto extends WithdrawalDto {
  @ApiProperty({ format: 'uuid' })
  merchant_id: string;

  @ApiProperty({ enum: ENVIRONMENTS })
  environment: Environment;
}

export class AdminTopUpPageDto extends PageDtoOf(AdminTopUpDto, 'AdminTopUpPage') {}
export class AdminWithdrawalPageDto extends PageDtoOf(AdminWithdrawalDto, 'AdminWithdrawalPage') {}

class LedgerDifferenceDto {
  @ApiProperty({ format: 'uuid' })
  account_id: string;

  @ApiProperty({ example: 'merchant:…:production:income' })
  account_code: string;

  @ApiProperty({ example: 'creditsPosted' })
  field: string;

  @ApiJsonInteger()
  stored: JsonInteger;

  @ApiJsonInteger()
  expected: JsonInteger;
}

export class LedgerCheckDto {
  @ApiProperty({ description: 'True when every account matches its transfers.' })
  ok: boolean;

  @ApiProperty({ format: 'date-time' })
  checked_at: string;

  @ApiProperty()
  accounts_checked: number;

  @ApiProperty()
  transfers_checked: number;

  @ApiProperty({ type: [LedgerDifferenceDto], description: 'Expected: empty.' })
  differences: LedgerDifferenceDto[];
}

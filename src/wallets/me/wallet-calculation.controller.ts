import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CronTime } from 'cron';
import { type AuthenticatedMerchant, CurrentMerchant, MerchantApi } from '../../common/http/merchant-api';
import { toJsonInteger } from '../../common/json-integer';
import { AppConfig } from '../../config/app-config';
import { WalletsService } from '../wallets.service';
import { WalletCalculationDto } from './me.dto';

@ApiTags('Wallets')
@MerchantApi()
@Controller('api/v2/wallets')
export class WalletCalculationController {
  constructor(
    private readonly wallets: WalletsService,
    private readonly config: AppConfig,
  ) {}

  @Get('calculation')
  @ApiOperation({
    operationId: 'getWalletCalculation',
    summary: 'How each wallet balance is made up',
    description:
      'The totals behind `/me`, from the ledger of the environment of your key: income = settled − withdrawn − reserved for ' +
      'withdrawals (plus pending, not yet withdrawable); disburse = approved top-ups − disbursed − reserved for disbursements. ' +
      'A statement (`GET /transactions?code=…`) lists the movements behind each figure.',
  })
  @ApiOkResponse({ type: WalletCalculationDto })
  async get(@CurrentMerchant() merchant: AuthenticatedMerchant): Promise<WalletCalculationDto> {
    const [income, disburse] = await Promise.all([
      this.wallets.balance(merchant.merchantId, merchant.environment, 'income'),
      this.wallets.balance(merchant.merchantId, merchant.environment, 'disburse'),
    ]);
    const { cron, timezone } = this.config.settlement;
    return {
      income: {
        settled: toJsonInteger(income.credited),
        withdrawn: toJsonInteger(income.debited),
        reserved_for_withdrawals: toJsonInteger(income.reserved),
        withdrawable: toJsonInteger(income.available),
        pending_settlement: toJsonInteger(income.pending_incoming),
      },
      disburse: {
        topped_up: toJsonInteger(disburse.credited),
        disbursed: toJsonInteger(disburse.debited),
        reserved_for_disbursements: toJsonInteger(disburse.reserved),
        disbursable: toJsonInteger(disburse.available),
      },
      next_settlement_at: merchant.environment === 'production' ? new CronTime(cron, timezone).sendAt().toJSDate().toISOString() : null,
    };
  }
}

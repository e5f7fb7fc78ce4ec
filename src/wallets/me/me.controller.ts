import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { toJsonInteger } from '../../common/json-integer';
import { WalletsService } from '../wallets.service';
import { MeDto } from './me.dto';
import { type AuthenticatedMerchant, CurrentMerchant, MerchantApi } from '../../common/http/merchant-api';

const DESCRIPTION =
  'Usable balances of the income wallet (withdrawable) and the disburse wallet (disbursable) in the environment of your key.';

@ApiTags('Wallets')
@MerchantApi()
@Controller('api/v2/me')
export class MeController {
  constructor(private readonly wallets: WalletsService) {}

  @Get()
  @ApiOperation({ operationId: 'getMe', summary: 'Your wallet balances', description: DESCRIPTION })
  @ApiOkResponse({ type: MeDto })
  get(@CurrentMerchant() merchant: AuthenticatedMerchant): Promise<MeDto> {
    return this.me(merchant);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'postMe', summary: 'Your wallet balances (POST form, as the spec shows)', description: DESCRIPTION })
  @ApiOkResponse({ type: MeDto })
  post(@CurrentMerchant() merchant: AuthenticatedMerchant): Promise<MeDto> {
    return this.me(merchant);
  }

  private async me(merchant: AuthenticatedMerchant): Promise<MeDto> {
    const [income, disburse] = await Promise.all([
      this.wallets.balance(merchant.merchantId, merchant.environment, 'income'),
      this.wallets.balance(merchant.merchantId, merchant.environment, 'disburse'),
    ]);
    return {
      name: merchant.name,
      email: merchant.email,
      remaning_withdrawable_amount: toJsonInteger(income.available),
      remaning_disbursable_amount: toJsonInteger(disburse.available),
    };
  }
}

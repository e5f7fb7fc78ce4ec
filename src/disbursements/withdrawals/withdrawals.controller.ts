import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../idempotency/idempotent.decorator';
import { ApiErrorResponses } from '../../common/errors/api-error-responses.decorator';
import type { Page } from '../../common/pagination';
import {
  CreateWithdrawalDto,
  WithdrawalAccountDto,
  WithdrawalAccountInputDto,
  WithdrawalDto,
  WithdrawalListQueryDto,
  WithdrawalPageDto,
} from './withdrawals.dto';
import { WithdrawalsService } from './withdrawals.service';
import { type AuthenticatedMerchant, CurrentMerchant, MerchantApi } from '../../common/http/merchant-api';

@ApiTags('Wallets')
@MerchantApi()
@Controller('api/v2')
export class WithdrawalsController {
  constructor(private readonly withdrawals: WithdrawalsService) {}

  @Get('withdrawal-account')
  @ApiOperation({ operationId: 'getWithdrawalAccount', summary: 'The bank account your withdrawals go to' })
  @ApiOkResponse({ type: WithdrawalAccountDto })
  @ApiErrorResponses('WITHDRAWAL_ACCOUNT_NOT_FOUND_ERROR')
  getAccount(@CurrentMerchant() merchant: AuthenticatedMerchant): Promise<WithdrawalAccountDto> {
    return this.withdrawals.getAccount(merchant);
  }

  @Put('withdrawal-account')
  @ApiOperation({
    operationId: 'setWithdrawalAccount',
    summary: 'Register the sandbox withdrawal account (development keys only)',
    description:
      'Production withdrawal accounts are registered by Palladium operators after verifying the account holder, ' +
      'so a leaked key cannot redirect your money.',
  })
  @ApiOkResponse({ type: WithdrawalAccountDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'BANK_NOT_SUPPORTED_ERROR', 'REQUEST_FORBIDDEN_ERROR')
  setAccount(
    @CurrentMerchant() merchant: AuthenticatedMerchant,
    @Body() body: WithdrawalAccountInputDto,
  ): Promise<WithdrawalAccountDto> {
    return this.withdrawals.registerSandboxAccount(merchant, {
      bankCode: body.bank_code,
      accountNumber: body.account_number,
      accountName: body.account_name,
    });
  }

  @Post('withdrawals')
  @Idempotent()
  @ApiOperation({
    operationId: 'createWithdrawal',
    summary: 'Withdraw from your income wallet to your registered bank account',
    description: 'The amount is reserved at once (it leaves `remaning_withdrawable_amount`); a failed payout returns it.',
  })
  @ApiCreatedResponse({ type: WithdrawalDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'INSUFFICIENT_BALANCE', 'WITHDRAWAL_ACCOUNT_NOT_FOUND_ERROR')
  request(@CurrentMerchant() merchant: AuthenticatedMerchant, @Body() body: CreateWithdrawalDto): Promise<WithdrawalDto> {
    return this.withdrawals.request(merchant, body.amount);
  }

  @Get('withdrawals')
  @ApiOperation({ operationId: 'listWithdrawals', summary: 'Your withdrawals, newest first' })
  @ApiOkResponse({ type: WithdrawalPageDto })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  list(
    @CurrentMerchant() merchant: AuthenticatedMerchant,
    @Query() query: WithdrawalListQueryDto,
  ): Promise<Page<WithdrawalDto>> {
    return this.withdrawals.list(merchant, query);
  }

  @Get('withdrawals/:id')
  @ApiOperation({ operationId: 'getWithdrawal', summary: 'One of your withdrawals' })
  @ApiOkResponse({ type: WithdrawalDto })
  @ApiErrorResponses('WITHDRAWAL_NOT_FOUND_ERROR')
  get(@CurrentMerchant() merchant: AuthenticatedMerchant, @Param('id') id: string): Promise<WithdrawalDto> {
    return this.withdrawals.get(merchant, id);
  }
}

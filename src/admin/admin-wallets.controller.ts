import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import type { Page } from '../common/pagination';
import { MerchantsService } from '../merchants/merchants.service';
import type { LedgerCheckReport } from '../wallets/ledger/ledger.types';
import { DecisionReasonDto, TopUpListQueryDto } from '../wallets/top-ups/top-ups.dto';
import { TopUpsService } from '../wallets/top-ups/top-ups.service';
import { WalletsService } from '../wallets/wallets.service';
import { WithdrawalAccountDto, WithdrawalAccountInputDto, WithdrawalListQueryDto } from '../disbursements/withdrawals/withdrawals.dto';
import { WithdrawalsService } from '../disbursements/withdrawals/withdrawals.service';
import { AdminApi } from './admin-api.decorator';
import { EnvironmentParamDto } from './admin.dto';
import { AdminTopUpDto, AdminTopUpPageDto, AdminWithdrawalDto, AdminWithdrawalPageDto, LedgerCheckDto } from './admin-wallets.dto';

@ApiTags('Admin: wallets')
@AdminApi()
@Controller('admin')
export class AdminWalletsController {
  constructor(
    private readonly topUps: TopUpsService,
    private readonly withdrawals: WithdrawalsService,
    private readonly merchants: MerchantsService,
    private readonly wallets: WalletsService,
  ) {}

  @Get('top-ups')
  @ApiOperation({ operationId: 'adminListTopUps', summary: 'Top-ups of all merchants, newest first (filter status=pending for the approval queue)' })
  @ApiOkResponse({ type: AdminTopUpPageDto })
  listTopUps(@Query() query: TopUpListQueryDto): Promise<Page<AdminTopUpDto>> {
    return this.topUps.listAll(query);
  }

  @Post('top-ups/:id/approve')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminApproveTopUp', summary: 'Approve a top-up: credits the disburse wallet once (approving twice changes nothing)' })
  @ApiOkResponse({ type: AdminTopUpDto })
  @ApiErrorResponses('TOP_UP_NOT_FOUND_ERROR', 'TOP_UP_ALREADY_DECIDED_ERROR')
  approveTopUp(@Param('id') id: string): Promise<AdminTopUpDto> {
    return this.topUps.approve(id);
  }

  @Post('top-ups/:id/reject')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRejectTopUp', summary: 'Reject a pending top-up' })
  @ApiOkResponse({ type: AdminTopUpDto })
  @ApiErrorResponses('TOP_UP_NOT_FOUND_ERROR', 'TOP_UP_ALREADY_DECIDED_ERROR', 'API_VALIDATION_ERROR')
  rejectTopUp(@Param('id') id: string, @Body() body: DecisionReasonDto): Promise<AdminTopUpDto> {
    return this.topUps.reject(id, body.reason);
  }

  @Post('top-ups/:id/reverse')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminReverseTopUp', summary: 'Reverse an approved top-up (bounced transfer); refused if the money was spent' })
  @ApiOkResponse({ type: AdminTopUpDto })
  @ApiErrorResponses('TOP_UP_NOT_FOUND_ERROR', 'TOP_UP_ALREADY_DECIDED_ERROR', 'INSUFFICIENT_BALANCE')
  reverseTopUp(@Param('id') id: string, @Body() body: DecisionReasonDto): Promise<AdminTopUpDto> {
    return this.topUps.reverse(id, body.reason);
  }

  @Put('merchants/:id/withdrawal-account/:environment')
  @ApiOperation({ operationId: 'adminSetWithdrawalAccount', summary: "Register a merchant's verified withdrawal bank account" })
  @ApiOkResponse({ type: WithdrawalAccountDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR', 'BANK_NOT_SUPPORTED_ERROR', 'API_VALIDATION_ERROR')
  async setWithdrawalAccount(
    @Param('id') merchantId: string,
    @Param() { environment }: EnvironmentParamDto,
    @Body() body: WithdrawalAccountInputDto,
  ): Promise<WithdrawalAccountDto> {
    await this.merchants.get(merchantId);
    return this.withdrawals.setAccount(
      { merchantId, environment },
      { bankCode: body.bank_code, accountNumber: body.account_number, accountName: body.account_name },
    );
  }

  @Get('withdrawals')
  @ApiOperation({ operationId: 'adminListWithdrawals', summary: 'Withdrawals of all merchants, newest first (status=pending: to pay out)' })
  @ApiOkResponse({ type: AdminWithdrawalPageDto })
  listWithdrawals(@Query() query: WithdrawalListQueryDto): Promise<Page<AdminWithdrawalDto>> {
    return this.withdrawals.listAll(query);
  }

  @Post('withdrawals/:id/mark-paid')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminMarkWithdrawalPaid', summary: 'The payout reached the merchant: post the reservation' })
  @ApiOkResponse({ type: AdminWithdrawalDto })
  @ApiErrorResponses('WITHDRAWAL_NOT_FOUND_ERROR', 'WITHDRAWAL_ALREADY_COMPLETED_ERROR')
  markWithdrawalPaid(@Param('id') id: string): Promise<AdminWithdrawalDto> {
    return this.withdrawals.markPaid(id);
  }

  @Post('withdrawals/:id/mark-failed')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminMarkWithdrawalFailed', summary: 'The payout failed: void the reservation, the money is withdrawable again' })
  @ApiOkResponse({ type: AdminWithdrawalDto })
  @ApiErrorResponses('WITHDRAWAL_NOT_FOUND_ERROR', 'WITHDRAWAL_ALREADY_COMPLETED_ERROR', 'API_VALIDATION_ERROR')
  markWithdrawalFailed(@Param('id') id: string, @Body() body: DecisionReasonDto): Promise<AdminWithdrawalDto> {
    return this.withdrawals.markFailed(id, body.reason);
  }

  @Get('ledger/check')
  @ApiOperation({ operationId: 'adminCheckLedger', summary: 'Recompute every account from its transfers and report any difference (expected: none)' })
  @ApiOkResponse({ type: LedgerCheckDto })
  checkLedger(): Promise<LedgerCheckReport> {
    return this.wallets.checkLedger();
  }
}

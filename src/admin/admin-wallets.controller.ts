import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import type { Page } from '../common/pagination';
import { MerchantsService } from '../merchants/merchants.service';
import type { LedgerCheckReport } from '../wallets/ledger/ledger.types';
import { TopUpBankAccountsService } from '../wallets/top-ups/top-up-bank-accounts.service';
import { AdminTopUpBankAccountDto, DecisionReasonDto, NewTopUpBankAccountDto, TopUpListQueryDto } from '../wallets/top-ups/top-ups.dto';
import { TopUpsService } from '../wallets/top-ups/top-ups.service';
import { WalletsService } from '../wallets/wallets.service';
import { WithdrawalAccountDto, WithdrawalAccountInputDto, WithdrawalListQueryDto } from '../disbursements/withdrawals/withdrawals.dto';
import { WithdrawalsService } from '../disbursements/withdrawals/withdrawals.service';
import { ApprovalsService } from '../approvals/approvals.service';
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
    private readonly topUpBankAccounts: TopUpBankAccountsService,
    private readonly approvals: ApprovalsService,
  ) {}

  @Get('top-up-bank-accounts')
  @ApiOperation({ operationId: 'adminListTopUpBankAccounts', summary: 'The bank accounts merchants transfer top-ups into, retired ones included' })
  @ApiOkResponse({ type: [AdminTopUpBankAccountDto] })
  listTopUpBankAccounts(): Promise<AdminTopUpBankAccountDto[]> {
    return this.topUpBankAccounts.forOperators();
  }

  @Post('top-up-bank-accounts')
  @ApiOperation({ operationId: 'adminAddTopUpBankAccount', summary: 'Add a bank account merchants of an environment are told to transfer top-ups into' })
  @ApiCreatedResponse({ type: AdminTopUpBankAccountDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'BANK_NOT_SUPPORTED_ERROR', 'DUPLICATE_TOP_UP_BANK_ACCOUNT_ERROR')
  addTopUpBankAccount(@Body() body: NewTopUpBankAccountDto): Promise<AdminTopUpBankAccountDto> {
    return this.topUpBankAccounts.add({ environment: body.environment, bankCode: body.bank_code, accountNumber: body.account_number, accountName: body.account_name });
  }

  @Post('top-up-bank-accounts/:id/retire')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRetireTopUpBankAccount', summary: 'Stop showing a top-up bank account to merchants (it stays on record)' })
  @ApiOkResponse({ type: AdminTopUpBankAccountDto })
  @ApiErrorResponses('TOP_UP_BANK_ACCOUNT_NOT_FOUND_ERROR')
  retireTopUpBankAccount(@Param('id') id: string): Promise<AdminTopUpBankAccountDto> {
    return this.topUpBankAccounts.retire(id);
  }

  @Get('top-ups')
  @ApiOperation({ operationId: 'adminListTopUps', summary: 'Top-ups of all merchants, newest first (filter status=pending for the approval queue)' })
  @ApiOkResponse({ type: AdminTopUpPageDto })
  listTopUps(@Query() query: TopUpListQueryDto): Promise<Page<AdminTopUpDto>> {
    return this.topUps.listAll(query);
  }

  @Post('top-ups/:id/approve')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'adminApproveTopUp',
    summary: 'Approve a top-up in one step: credits the disburse wallet once (approving twice changes nothing)',
    description: 'Production top-ups of at least FOUR_EYES_MIN_AMOUNT (default: all) take two operators instead: `409 FOUR_EYES_REQUIRED_ERROR`; use prepare-approval.',
  })
  @ApiOkResponse({ type: AdminTopUpDto })
  @ApiErrorResponses('TOP_UP_NOT_FOUND_ERROR', 'TOP_UP_ALREADY_DECIDED_ERROR', 'FOUR_EYES_REQUIRED_ERROR')
  approveTopUp(@Param('id') id: string): Promise<AdminTopUpDto> {
    return this.approvals.approveTopUp(id);
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
  @ApiOperation({
    operationId: 'adminMarkWithdrawalPaid',
    summary: 'The payout reached the merchant: post the reservation',
    description: 'Production withdrawals of at least FOUR_EYES_MIN_AMOUNT take two operators: `409 FOUR_EYES_REQUIRED_ERROR`; use prepare-mark-paid.',
  })
  @ApiOkResponse({ type: AdminWithdrawalDto })
  @ApiErrorResponses('WITHDRAWAL_NOT_FOUND_ERROR', 'WITHDRAWAL_ALREADY_COMPLETED_ERROR', 'FOUR_EYES_REQUIRED_ERROR')
  markWithdrawalPaid(@Param('id') id: string): Promise<AdminWithdrawalDto> {
    return this.approvals.markWithdrawalPaid(id);
  }

  @Post('withdrawals/:id/mark-failed')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'adminMarkWithdrawalFailed',
    summary: 'The payout failed: void the reservation, the money is withdrawable again',
    description: 'Production withdrawals of at least FOUR_EYES_MIN_AMOUNT take two operators: `409 FOUR_EYES_REQUIRED_ERROR`; use prepare-mark-failed.',
  })
  @ApiOkResponse({ type: AdminWithdrawalDto })
  @ApiErrorResponses('WITHDRAWAL_NOT_FOUND_ERROR', 'WITHDRAWAL_ALREADY_COMPLETED_ERROR', 'API_VALIDATION_ERROR', 'FOUR_EYES_REQUIRED_ERROR')
  markWithdrawalFailed(@Param('id') id: string, @Body() body: DecisionReasonDto): Promise<AdminWithdrawalDto> {
    return this.approvals.markWithdrawalFailed(id, body.reason);
  }

  @Get('ledger/check')
  @ApiOperation({ operationId: 'adminCheckLedger', summary: 'Recompute every account from its transfers and report any difference (expected: none)' })
  @ApiOkResponse({ type: LedgerCheckDto })
  checkLedger(): Promise<LedgerCheckReport> {
    return this.wallets.checkLedger();
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApprovalsService, type DecidedApproval } from '../approvals/approvals.service';
import type { ApprovalView } from '../approvals/approvals.views';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import type { OperatorActor } from '../operators/operators.types';
import { AdminApi } from './admin-api.decorator';
import {
  ApprovalDecisionNoteDto,
  ApprovalDto,
  ApprovalListQueryDto,
  ApprovalRefusalDto,
  DecidedApprovalDto,
  PrepareApprovalDto,
  PrepareFailureApprovalDto,
  PreparePayoutResolutionDto,
} from './admin-approvals.dto';
import { CurrentOperator, RequiresOperatorRole } from './admin-token.guard';

@ApiTags('Admin: four-eyes approvals')
@AdminApi()
@Controller('admin')
export class AdminApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Post('top-ups/:id/prepare-approval')
  @ApiOperation({
    operationId: 'adminPrepareTopUpApproval',
    summary: 'Four eyes, step 1: prepare the approval of a top-up with evidence; a different approver decides it',
  })
  @ApiCreatedResponse({ type: ApprovalDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'TOP_UP_NOT_FOUND_ERROR', 'TOP_UP_ALREADY_DECIDED_ERROR', 'APPROVAL_ALREADY_OPEN_ERROR')
  prepare(@CurrentOperator() actor: OperatorActor, @Param('id') id: string, @Body() body: PrepareApprovalDto): Promise<ApprovalView> {
    return this.approvals.prepare(actor, 'top_up.approve', id, body);
  }

  @Post('withdrawals/:id/prepare-mark-paid')
  @ApiOperation({ operationId: 'adminPrepareWithdrawalPaid', summary: 'Four eyes, step 1: prepare marking a withdrawal paid, with the bank reference of the payout' })
  @ApiCreatedResponse({ type: ApprovalDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'WITHDRAWAL_NOT_FOUND_ERROR', 'WITHDRAWAL_ALREADY_COMPLETED_ERROR', 'APPROVAL_ALREADY_OPEN_ERROR')
  prepareWithdrawalPaid(@CurrentOperator() actor: OperatorActor, @Param('id') id: string, @Body() body: PrepareApprovalDto): Promise<ApprovalView> {
    return this.approvals.prepare(actor, 'withdrawal.mark_paid', id, body);
  }

  @Post('withdrawals/:id/prepare-mark-failed')
  @ApiOperation({ operationId: 'adminPrepareWithdrawalFailed', summary: 'Four eyes, step 1: prepare marking a withdrawal failed (the money returns once approved)' })
  @ApiCreatedResponse({ type: ApprovalDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'WITHDRAWAL_NOT_FOUND_ERROR', 'WITHDRAWAL_ALREADY_COMPLETED_ERROR', 'APPROVAL_ALREADY_OPEN_ERROR')
  prepareWithdrawalFailed(@CurrentOperator() actor: OperatorActor, @Param('id') id: string, @Body() body: PrepareFailureApprovalDto): Promise<ApprovalView> {
    return this.approvals.prepare(actor, 'withdrawal.mark_failed', id, body, { reason: body.reason });
  }

  @Post('disbursements/:id/prepare-resolution')
  @ApiOperation({ operationId: 'adminPreparePayoutResolution', summary: 'Four eyes, step 1: prepare the verdict on a payout in doubt, with the provider\'s confirmation as evidence' })
  @ApiCreatedResponse({ type: ApprovalDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'DISBURSEMENT_NOT_FOUND_ERROR', 'DISBURSEMENT_NOT_IN_DOUBT_ERROR', 'DISBURSEMENT_ALREADY_COMPLETED_ERROR', 'APPROVAL_ALREADY_OPEN_ERROR')
  preparePayoutResolution(@CurrentOperator() actor: OperatorActor, @Param('id') id: string, @Body() body: PreparePayoutResolutionDto): Promise<ApprovalView> {
    return this.approvals.preparePayoutResolution(actor, id, body, { status: body.status, failureCode: body.failure_code, reason: body.reason });
  }

  @Get('approvals')
  @ApiOperation({ operationId: 'adminListApprovals', summary: 'Approvals, newest first (status=pending: the queue of the approvers)' })
  @ApiOkResponse({ type: [ApprovalDto] })
  list(@Query() query: ApprovalListQueryDto): Promise<ApprovalView[]> {
    return this.approvals.list(query.status, query.limit ?? 50);
  }

  @Get('approvals/:id')
  @ApiOperation({ operationId: 'adminGetApproval', summary: 'One approval with its evidence and who prepared and decided it' })
  @ApiOkResponse({ type: ApprovalDto })
  @ApiErrorResponses('APPROVAL_NOT_FOUND_ERROR')
  get(@Param('id') id: string): Promise<ApprovalView> {
    return this.approvals.get(id);
  }

  @Post('approvals/:id/approve')
  @HttpCode(200)
  @RequiresOperatorRole('approver')
  @ApiOperation({ operationId: 'adminApproveApproval', summary: 'Four eyes, step 2: a different approver approves; the action is carried out in the same transaction' })
  @ApiOkResponse({ type: DecidedApprovalDto })
  @ApiErrorResponses('APPROVAL_NOT_FOUND_ERROR', 'APPROVAL_ALREADY_DECIDED_ERROR')
  approve(@CurrentOperator() actor: OperatorActor, @Param('id') id: string, @Body() body: ApprovalDecisionNoteDto): Promise<DecidedApproval> {
    return this.approvals.approve(actor, id, body.note);
  }

  @Post('approvals/:id/reject')
  @HttpCode(200)
  @RequiresOperatorRole('approver')
  @ApiOperation({ operationId: 'adminRejectApproval', summary: 'Refuse a prepared action (the top-up or withdrawal stays pending)' })
  @ApiOkResponse({ type: DecidedApprovalDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'APPROVAL_NOT_FOUND_ERROR', 'APPROVAL_ALREADY_DECIDED_ERROR')
  reject(@CurrentOperator() actor: OperatorActor, @Param('id') id: string, @Body() body: ApprovalRefusalDto): Promise<DecidedApproval> {
    return this.approvals.reject(actor, id, body.note);
  }
}

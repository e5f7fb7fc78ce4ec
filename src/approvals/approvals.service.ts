import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import type { AdminWithdrawalView } from '../disbursements/withdrawals/withdrawal.views';
import { WithdrawalsService } from '../disbursements/withdrawals/withdrawals.service';
import { type PayoutInDoubtSubject, type PayoutResolution, PayoutsInDoubtService } from '../disbursements/in-doubt/payouts-in-doubt.service';
import type { FailureCode } from '../domain/failure-codes';
import { OperatorsService } from '../operators/operators.service';
import type { OperatorActor } from '../operators/operators.types';
import { type AdminTopUpView, TopUpsService } from '../wallets/top-ups/top-ups.service';
import { ApprovalRow, ApprovalsRepository } from './approvals.repository';
import type { ApprovalAction, ApprovalStatus, ApprovalView } from './approvals.views';

export interface Evidence {
  /** The bank's reference of the transfer, as seen on the statement. */
  reference: string;
  note?: string;
}

/** What an approved action produced: the top-up or withdrawal after it, or the payout's recorded resolution. */
export type ApprovalResult = AdminTopUpView | AdminWithdrawalView | PayoutResolution | PayoutInDoubtSubject;

export interface DecidedApproval {
  approval: ApprovalView;
  /** After approval: what the action produced. After a refusal: the subject, unchanged. */
  result: ApprovalResult;
}

/** A payout's verdict as prepared: what the provider confirmed, and how. */
export interface PayoutVerdict {
  status: 'done' | 'failed';
  failureCode?: FailureCode;
  reason: string;
}

/** What an approval is about: whose money, how much, and whether it still waits for a decision. */
interface Subject {
  merchantId: string;
  environment: Environment;
  amount: number;
  status: string;
  view: ApprovalResult;
}

/** How each kind of approval reads its subject and carries the action out. */
interface ApprovalHandler {
  subject(id: string): Promise<Subject>;
  /** `by`: who answers for it (the preparer and the approver), for records that name them. */
  carryOut(id: string, parameters: Record<string, string>, by: string): Promise<ApprovalResult>;
}

/**
 * Four eyes on money (issue 15): approving a production top-up and marking a production
 * withdrawal paid or failed, for amounts of at least FOUR_EYES_MIN_AMOUNT, take two named
 * operators. The first prepares the action with evidence; a different operator with the
 * approver role approves it, and only then it is carried out, once, in the same transaction
 * as the decision. Enforced here and by the table (a decision by the preparer violates a CHECK).
 */
@Injectable()
export class ApprovalsService {
  private readonly handlers: Record<ApprovalAction, ApprovalHandler>;

  constructor(
    private readonly approvals: ApprovalsRepository,
    private readonly operators: OperatorsService,
    private readonly config: AppConfig,
    topUps: TopUpsService,
    withdrawals: WithdrawalsService,
    payoutsInDoubt: PayoutsInDoubtService,
  ) {
    const topUp = async (id: string): Promise<Subject> => {
      const view = await topUps.lockForDecision(id);
      return { merchantId: view.merchant_id, environment: view.environment, amount: view.amount, status: view.status, view };
    };
    const withdrawal = async (id: string): Promise<Subject> => {
      const view = await withdrawals.adminGet(id);
      return { merchantId: view.merchant_id, environment: view.environment, amount: view.amount, status: view.status, view };
    };
    const payout = async (id: string): Promise<Subject> => {
      const view = await payoutsInDoubt.lockInDoubt(id);
      return { merchantId: view.merchant_id, environment: view.environment, amount: view.amount, status: view.status, view };
    };
    this.handlers = {
      'top_up.approve': { subject: topUp, carryOut: (id) => topUps.approve(id) },
      'withdrawal.mark_paid': { subject: withdrawal, carryOut: (id) => withdrawals.markPaid(id) },
      'withdrawal.mark_failed': { subject: withdrawal, carryOut: (id, parameters) => withdrawals.markFailed(id, parameters.reason) },
      'payout.resolve': {
        subject: payout,
        carryOut: (id, parameters, by) =>
          payoutsInDoubt.resolve(id, {
            status: parameters.status as PayoutVerdict['status'],
            failureCode: parameters.failure_code as FailureCode | undefined,
            reason: parameters.reason,
            // The approval keeps both full names; the resolution's column holds 200 characters.
            resolvedBy: by.slice(0, 200),
          }),
      },
    };
  }

  /** One step, where four eyes are not needed (development, or under the threshold). */
  approveTopUp(id: string): Promise<AdminTopUpView> {
    return this.carryOutAlone('top_up.approve', id) as Promise<AdminTopUpView>;
  }

  markWithdrawalPaid(id: string): Promise<AdminWithdrawalView> {
    return this.carryOutAlone('withdrawal.mark_paid', id) as Promise<AdminWithdrawalView>;
  }

  markWithdrawalFailed(id: string, reason: string): Promise<AdminWithdrawalView> {
    return this.carryOutAlone('withdrawal.mark_failed', id, { reason }) as Promise<AdminWithdrawalView>;
  }

  /** One step with the bootstrap token's `resolvedBy`, or a named operator under the threshold. */
  resolvePayout(id: string, verdict: PayoutVerdict, resolvedBy: string): Promise<PayoutResolution> {
    return this.carryOutAlone('payout.resolve', id, verdictParameters(verdict), resolvedBy) as Promise<PayoutResolution>;
  }

  /** Four eyes, step 1 for a payout in doubt: the verdict is checked now, carried out once approved. */
  preparePayoutResolution(actor: OperatorActor, id: string, evidence: Evidence, verdict: PayoutVerdict): Promise<ApprovalView> {
    if (verdict.status === 'failed' && !verdict.failureCode) {
      throw new DomainError('API_VALIDATION_ERROR', 'failure_code is required when the payout is resolved as failed');
    }
    return this.prepare(actor, 'payout.resolve', id, evidence, verdictParameters(verdict));
  }

  @Transactional()
  private async carryOutAlone(action: ApprovalAction, id: string, parameters: Record<string, string> = {}, by = ''): Promise<ApprovalResult> {
    const handler = this.handlers[action];
    const subject = await handler.subject(id);
    if (subject.status === 'pending' && this.needsFourEyes(subject)) {
      throw new DomainError(
        'FOUR_EYES_REQUIRED_ERROR',
        `This takes two operators (${subject.amount} in production): prepare it with evidence, then another approver approves it (see GET /admin/approvals)`,
      );
    }
    return handler.carryOut(id, parameters, by);
  }

  @Transactional()
  async prepare(actor: OperatorActor, action: ApprovalAction, id: string, evidence: Evidence, parameters: Record<string, string> = {}): Promise<ApprovalView> {
    const operatorId = named(actor);
    const subject = await this.handlers[action].subject(id);
    if (subject.status !== 'pending') throw alreadyDecided(action, id, subject.status);
    const row = await this.approvals.insert({
      action,
      subject_id: id,
      merchant_id: subject.merchantId,
      environment: subject.environment,
      amount: subject.amount,
      evidence_reference: evidence.reference.trim(),
      evidence_note: evidence.note?.trim() || null,
      parameters,
      prepared_by_operator_id: operatorId,
      prepared_by: this.operators.describe(actor),
    });
    if (!row) throw new DomainError('APPROVAL_ALREADY_OPEN_ERROR', `${id} already has an approval waiting for a decision`);
    return approvalView(row);
  }

  @Transactional()
  async approve(actor: OperatorActor, approvalId: string, note?: string): Promise<DecidedApproval> {
    const approval = await this.lockOpen(actor, approvalId);
    const decided = await this.approvals.decide(approval.id, { status: 'approved', operatorId: named(actor), by: this.operators.describe(actor), note: note?.trim() || null });
    const by = `${approval.prepared_by}, approved by ${decided.decided_by}`;
    const result = await this.handlers[approval.action].carryOut(approval.subject_id, approval.parameters, by);
    return { approval: approvalView(decided), result };
  }

  /** Refuses the prepared action; its subject stays as it was (prepare it again, or decide it otherwise). */
  @Transactional()
  async reject(actor: OperatorActor, approvalId: string, note: string): Promise<DecidedApproval> {
    const approval = await this.lockOpen(actor, approvalId);
    const decided = await this.approvals.decide(approval.id, { status: 'rejected', operatorId: named(actor), by: this.operators.describe(actor), note: note.trim() });
    return { approval: approvalView(decided), result: (await this.handlers[approval.action].subject(approval.subject_id)).view };
  }

  async get(id: string): Promise<ApprovalView> {
    const row = await this.approvals.find(id);
    if (!row) throw approvalNotFound(id);
    return approvalView(row);
  }

  async list(status: ApprovalStatus | undefined, limit: number): Promise<ApprovalView[]> {
    return (await this.approvals.list(status, limit)).map(approvalView);
  }

  private needsFourEyes(subject: Subject): boolean {
    return subject.environment === 'production' && subject.amount >= this.config.fourEyesMinAmount;
  }

  private async lockOpen(actor: OperatorActor, approvalId: string): Promise<ApprovalRow> {
    const operatorId = named(actor);
    const approval = await this.approvals.lock(approvalId);
    if (!approval) throw approvalNotFound(approvalId);
    if (approval.status !== 'pending') throw new DomainError('APPROVAL_ALREADY_DECIDED_ERROR', `Approval ${approvalId} is already ${approval.status}`);
    if (approval.prepared_by_operator_id === operatorId) {
      throw new DomainError('OPERATOR_FORBIDDEN_ERROR', 'You prepared this approval: a different approver must decide it');
    }
    return approval;
  }
}

/** Four eyes are two named people: the unnamed bootstrap token can neither prepare nor decide. */
function named(actor: OperatorActor): string {
  if (actor.operatorId === null) {
    throw new DomainError('OPERATOR_FORBIDDEN_ERROR', 'Four-eyes approvals are prepared and decided by named operators: use your own operator token');
  }
  return actor.operatorId;
}

function alreadyDecided(action: ApprovalAction, id: string, status: string): DomainError {
  if (action === 'top_up.approve') return new DomainError('TOP_UP_ALREADY_DECIDED_ERROR', `Top-up ${id} is already ${status}`);
  if (action === 'payout.resolve') return new DomainError('DISBURSEMENT_ALREADY_COMPLETED_ERROR', `Disbursement ${id} is already ${status}`);
  return new DomainError('WITHDRAWAL_ALREADY_COMPLETED_ERROR', `Withdrawal ${id} is already ${status}`);
}

function verdictParameters(verdict: PayoutVerdict): Record<string, string> {
  return { status: verdict.status, reason: verdict.reason, ...(verdict.failureCode ? { failure_code: verdict.failureCode } : {}) };
}

function approvalNotFound(id: string): DomainError {
  return new DomainError('APPROVAL_NOT_FOUND_ERROR', `No approval with id ${id}`);
}

function approvalView(row: ApprovalRow): ApprovalView {
  return {
    id: row.id,
    action: row.action,
    subject_id: row.subject_id,
    merchant_id: row.merchant_id,
    environment: row.environment,
    amount: Number(row.amount),
    evidence: { reference: row.evidence_reference, note: row.evidence_note },
    parameters: row.parameters,
    prepared_by: row.prepared_by,
    prepared_at: row.prepared_at.toISOString(),
    status: row.status,
    decided_by: row.decided_by,
    decided_at: row.decided_at?.toISOString() ?? null,
    decision_note: row.decision_note,
  };
}

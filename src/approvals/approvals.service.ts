import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { OperatorsService } from '../operators/operators.service';
import type { OperatorActor } from '../operators/operators.types';
import { type AdminTopUpView, TopUpsService } from '../wallets/top-ups/top-ups.service';
import { ApprovalRow, ApprovalsRepository } from './approvals.repository';
import type { ApprovalStatus, ApprovalView } from './approvals.views';

export interface Evidence {
  /** The bank's reference of the transfer, as seen on the statement. */
  reference: string;
  note?: string;
}

export interface DecidedApproval {
  approval: ApprovalView;
  /** The top-up as it is after the decision (approved, or still pending after a refusal). */
  top_up: AdminTopUpView;
}

/**
 * Four-eyes on money (issue 15): approving a production top-up of at least
 * FOUR_EYES_MIN_AMOUNT takes two named operators. The first prepares it with evidence; a
 * different operator with the approver role approves it, and only then the wallet is
 * credited, once, in the same transaction as the decision. Enforced here and by the table
 * (a decision by the preparer violates a CHECK).
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly approvals: ApprovalsRepository,
    private readonly topUps: TopUpsService,
    private readonly operators: OperatorsService,
    private readonly config: AppConfig,
  ) {}

  /** The one-step approval, where four eyes are not needed (development, or under the threshold). */
  @Transactional()
  async approveTopUp(id: string): Promise<AdminTopUpView> {
    const topUp = await this.topUps.lockForDecision(id);
    if (topUp.status === 'pending' && this.needsFourEyes(topUp)) {
      throw new DomainError(
        'FOUR_EYES_REQUIRED_ERROR',
        `Approving this top-up of ${topUp.amount} takes two operators: prepare it with POST /admin/top-ups/${id}/prepare-approval, then another approver approves it`,
      );
    }
    return this.topUps.approve(id);
  }

  @Transactional()
  async prepareTopUpApproval(actor: OperatorActor, id: string, evidence: Evidence): Promise<ApprovalView> {
    const operatorId = named(actor);
    const topUp = await this.topUps.lockForDecision(id);
    if (topUp.status !== 'pending') throw new DomainError('TOP_UP_ALREADY_DECIDED_ERROR', `Top-up ${id} is already ${topUp.status}`);
    const row = await this.approvals.insert({
      action: 'top_up.approve',
      subject_id: topUp.id,
      merchant_id: topUp.merchant_id,
      environment: topUp.environment,
      amount: topUp.amount,
      evidence_reference: evidence.reference.trim(),
      evidence_note: evidence.note?.trim() || null,
      prepared_by_operator_id: operatorId,
      prepared_by: this.operators.describe(actor),
    });
    if (!row) throw new DomainError('APPROVAL_ALREADY_OPEN_ERROR', `Top-up ${id} already has an approval waiting for a decision`);
    return approvalView(row);
  }

  @Transactional()
  async approve(actor: OperatorActor, approvalId: string, note?: string): Promise<DecidedApproval> {
    const approval = await this.lockOpen(actor, approvalId);
    const decided = await this.approvals.decide(approval.id, { status: 'approved', operatorId: named(actor), by: this.operators.describe(actor), note: note?.trim() || null });
    const topUp = await this.topUps.approve(approval.subject_id);
    return { approval: approvalView(decided), top_up: topUp };
  }

  /** Refuses the prepared action; the top-up stays pending (prepare it again, or reject the top-up itself). */
  @Transactional()
  async reject(actor: OperatorActor, approvalId: string, note: string): Promise<DecidedApproval> {
    const approval = await this.lockOpen(actor, approvalId);
    const decided = await this.approvals.decide(approval.id, { status: 'rejected', operatorId: named(actor), by: this.operators.describe(actor), note: note.trim() });
    return { approval: approvalView(decided), top_up: await this.topUps.lockForDecision(approval.subject_id) };
  }

  async get(id: string): Promise<ApprovalView> {
    const row = await this.approvals.find(id);
    if (!row) throw approvalNotFound(id);
    return approvalView(row);
  }

  async list(status: ApprovalStatus | undefined, limit: number): Promise<ApprovalView[]> {
    return (await this.approvals.list(status, limit)).map(approvalView);
  }

  private needsFourEyes(topUp: AdminTopUpView): boolean {
    return topUp.environment === 'production' && topUp.amount >= this.config.fourEyesMinAmount;
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
    prepared_by: row.prepared_by,
    prepared_at: row.prepared_at.toISOString(),
    status: row.status,
    decided_by: row.decided_by,
    decided_at: row.decided_at?.toISOString() ?? null,
    decision_note: row.decision_note,
  };
}

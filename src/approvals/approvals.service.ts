import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import type { Progress } from '../common/progress';
import { AppConfig } from '../config/app-config';
import type { AdminWithdrawalView } from '../disbursements/withdrawals/withdrawal.views';
import { WithdrawalsService } from '../disbursements/withdrawals/withdrawals.service';
import { type PayoutInDoubtSubject, type PayoutResolution, PayoutsInDoubtService } from '../disbursements/in-doubt/payouts-in-doubt.service';
import type { FailureCode } from '../domain/failure-codes';
import { OperatorsService } from '../operators/operators.service';
import type { OperatorActor } from '../operators/operators.types';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import type { ProviderName } from '../domain/provider-ports';
import { type SettlementDue, type SettlementRunDetail, SettlementService } from '../settlement/settlement.service';
import { type AdminTopUpView, TopUpsService } from '../wallets/top-ups/top-ups.service';
import { ApprovalRow, ApprovalsRepository } from './approvals.repository';
import type { ApprovalAction, ApprovalStatus, ApprovalView } from './approvals.views';

export interface Evidence {
  /** The bank's reference of the transfer, as seen on the statement. */
  reference: string;
  note?: string;
}

/** Money moved between our bank account and a provider account, as an operator records it. */
export interface ProviderFunding {
  amount: number;
  direction: 'deposit' | 'withdrawal';
  /** The bank transfer's reference; each is recorded once. */
  reference: string;
}

/**
 * What an approved action produced: the top-up or withdrawal after it, the payout's recorded
 * resolution, the funding's ledger transfer, or the settlement run; refused: the subject as it is.
 */
export type ApprovalResult =
  | AdminTopUpView
  | AdminWithdrawalView
  | PayoutResolution
  | PayoutInDoubtSubject
  | { transfer_id: string }
  | ProviderFundingSubject
  | SettlementDue
  | SettlementRunDetail
  | { run_id: string };

/** Funding not recorded yet: what was asked. */
export interface ProviderFundingSubject extends ProviderFunding {
  provider: string;
}

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

/** What an approval is about: whose money (no single merchant's for funding and settlement), how much, and whether it still waits for a decision. */
interface Subject {
  merchantId: string | null;
  environment: Environment;
  amount: number;
  status: string;
  view: ApprovalResult;
}

/** How each kind of approval reads its subject and carries the action out. */
interface ApprovalHandler {
  subject(id: string, parameters: Record<string, string>): Promise<Subject>;
  /** In the decision's transaction. `by`: who answers for it (the preparer and the approver), for records that name them. */
  carryOut(id: string, parameters: Record<string, string>, by: string): Promise<ApprovalResult>;
  /** Work that must not run inside the decision's transaction (a settlement run commits batch by batch), once it committed. */
  afterCommit?(done: ApprovalResult, progress?: Progress): Promise<ApprovalResult>;
}

/**
 * Four eyes on money (issue 15): approving a production top-up, marking a production
 * withdrawal paid or failed, resolving a payout in doubt, recording provider funding and
 * running a production settlement date by hand, for amounts of at least FOUR_EYES_MIN_AMOUNT,
 * take two named operators. The first prepares the action with evidence; a different
 * operator with the approver role approves it, and only then it is carried out, once, in the
 * same transaction as the decision. Enforced here and by the table (a decision by the
 * preparer violates a CHECK).
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
    reconciliation: ReconciliationService,
    settlement: SettlementService,
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
    const funding = async (id: string, parameters: Record<string, string>): Promise<Subject> => {
      const view = { provider: parameters.provider, amount: Number(parameters.amount), direction: parameters.direction as ProviderFunding['direction'], reference: parameters.reference };
      // Recorded at most once by its reference (the ledger refuses a second one), so it waits until carried out.
      return { merchantId: null, environment: 'production', amount: view.amount, status: 'pending', view };
    };
    const settlementDate = async (_id: string, parameters: Record<string, string>): Promise<Subject> => {
      const view = await settlement.due(parameters.environment as Environment, parameters.business_date);
      return { merchantId: null, environment: view.environment, amount: Number(view.total_amount), status: view.run?.status === 'completed' ? 'completed' : 'pending', view };
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
      'provider.fund': {
        subject: funding,
        carryOut: (_id, parameters) =>
          reconciliation.recordFunding(parameters.provider as ProviderName, {
            amount: Number(parameters.amount),
            direction: parameters.direction as ProviderFunding['direction'],
            reference: parameters.reference,
          }),
      },
      'settlement.run': {
        subject: settlementDate,
        // The run row commits with the decision (the resume worker finishes it should this process die); its batches commit after.
        carryOut: async (_id, parameters) => ({ run_id: (await settlement.start(parameters.environment as Environment, parameters.business_date, 'operator')).id }),
        afterCommit: (done, progress) => settlement.continue((done as { run_id: string }).run_id, progress),
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

  /** Records provider funding in one step (development has no providers; under the threshold). */
  recordProviderFunding(provider: string, input: ProviderFunding): Promise<{ transfer_id: string }> {
    return this.carryOutAlone('provider.fund', fundingId(provider, input), fundingParameters(provider, input)) as Promise<{ transfer_id: string }>;
  }

  /** Four eyes, step 1 for provider funding: the bank transfer's reference is the evidence. */
  prepareProviderFunding(actor: OperatorActor, provider: string, input: ProviderFunding, note?: string): Promise<ApprovalView> {
    return this.prepare(actor, 'provider.fund', fundingId(provider, input), { reference: input.reference, note }, fundingParameters(provider, input));
  }

  /** Runs (or resumes) a settlement date by hand in one step: development, nothing due, or under the threshold. */
  runSettlement(environment: Environment, businessDate: string, progress?: Progress): Promise<SettlementRunDetail> {
    return this.carryOutAlone('settlement.run', `${environment}:${businessDate}`, { environment, business_date: businessDate }, '', progress) as Promise<SettlementRunDetail>;
  }

  /** Four eyes, step 1 for running a settlement date by hand: the amount is what it would settle now. */
  async prepareSettlementRun(actor: OperatorActor, environment: Environment, businessDate: string, evidence: Evidence): Promise<ApprovalView> {
    const parameters = { environment, business_date: businessDate };
    const due = await this.handlers['settlement.run'].subject('', parameters);
    if (due.status === 'pending' && due.amount === 0) {
      throw new DomainError('API_VALIDATION_ERROR', `Nothing waits to be settled before the ${businessDate} cutoff: run it directly`);
    }
    return this.prepare(actor, 'settlement.run', `${environment}:${businessDate}`, evidence, parameters);
  }

  /** Four eyes, step 1 for a payout in doubt: the verdict is checked now, carried out once approved. */
  preparePayoutResolution(actor: OperatorActor, id: string, evidence: Evidence, verdict: PayoutVerdict): Promise<ApprovalView> {
    if (verdict.status === 'failed' && !verdict.failureCode) {
      throw new DomainError('API_VALIDATION_ERROR', 'failure_code is required when the payout is resolved as failed');
    }
    return this.prepare(actor, 'payout.resolve', id, evidence, verdictParameters(verdict));
  }

  private async carryOutAlone(action: ApprovalAction, id: string, parameters: Record<string, string> = {}, by = '', progress?: Progress): Promise<ApprovalResult> {
    const done = await this.carryOutAloneInTransaction(action, id, parameters, by);
    return this.handlers[action].afterCommit?.(done, progress) ?? done;
  }

  @Transactional()
  private async carryOutAloneInTransaction(action: ApprovalAction, id: string, parameters: Record<string, string>, by: string): Promise<ApprovalResult> {
    const handler = this.handlers[action];
    const subject = await handler.subject(id, parameters);
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
    const subject = await this.handlers[action].subject(id, parameters);
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

  async approve(actor: OperatorActor, approvalId: string, note?: string, progress?: Progress): Promise<DecidedApproval> {
    const decided = await this.approveInTransaction(actor, approvalId, note);
    const afterCommit = this.handlers[decided.approval.action].afterCommit;
    return afterCommit ? { ...decided, result: await afterCommit(decided.result, progress) } : decided;
  }

  @Transactional()
  private async approveInTransaction(actor: OperatorActor, approvalId: string, note?: string): Promise<DecidedApproval> {
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
    return { approval: approvalView(decided), result: (await this.handlers[approval.action].subject(approval.subject_id, approval.parameters)).view };
  }

  async get(id: string): Promise<ApprovalView> {
    const row = await this.approvals.find(id);
    if (!row) throw approvalNotFound(id);
    return approvalView(row);
  }

  async list(status: ApprovalStatus | undefined, limit: number): Promise<ApprovalView[]> {
    return (await this.approvals.list(status, limit)).map(approvalView);
  }

  /** Production money of at least the threshold; nothing to move (a settlement date with nothing due) needs nobody else. */
  private needsFourEyes(subject: Subject): boolean {
    return subject.environment === 'production' && subject.amount > 0 && subject.amount >= this.config.fourEyesMinAmount;
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
  if (action === 'settlement.run') {
    return new DomainError('SETTLEMENT_RUN_COMPLETED_ERROR', `The ${id} settlement run already completed; payments that arrived since are settled with the next date`);
  }
  return new DomainError('WITHDRAWAL_ALREADY_COMPLETED_ERROR', `Withdrawal ${id} is already ${status}`);
}

function fundingId(provider: string, input: ProviderFunding): string {
  return `${provider}:${input.reference.trim()}`;
}

function fundingParameters(provider: string, input: ProviderFunding): Record<string, string> {
  return { provider, amount: String(input.amount), direction: input.direction, reference: input.reference.trim() };
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

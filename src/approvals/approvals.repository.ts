import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { Environment } from '../common/environment';
import { isUuid } from '../common/ids';
import { Columns, Sql } from '../database/sql';
import type { ApprovalAction, ApprovalStatus } from './approvals.views';

export interface ApprovalRow {
  id: string;
  action: ApprovalAction;
  subject_id: string;
  merchant_id: string | null;
  environment: Environment;
  amount: string;
  evidence_reference: string;
  evidence_note: string | null;
  parameters: Record<string, string>;
  prepared_by_operator_id: string;
  prepared_by: string;
  prepared_at: Date;
  status: ApprovalStatus;
  decided_by_operator_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
}

const COLUMNS = Columns.of<ApprovalRow>()(
  'id', 'action', 'subject_id', 'merchant_id', 'environment', 'amount', 'evidence_reference', 'evidence_note', 'parameters', 'prepared_by_operator_id',
  'prepared_by', 'prepared_at', 'status', 'decided_by_operator_id', 'decided_by', 'decided_at', 'decision_note',
);

export type NewApproval = Pick<
  ApprovalRow,
  'action' | 'subject_id' | 'merchant_id' | 'environment' | 'evidence_reference' | 'evidence_note' | 'parameters' | 'prepared_by_operator_id' | 'prepared_by'
> & { amount: number };

/** The approvals table. */
@Injectable()
export class ApprovalsRepository {
  constructor(private readonly sql: Sql) {}

  /** Undefined when the same thing already has an open approval. */
  @Transactional(Propagation.Mandatory)
  insert(approval: NewApproval): Promise<ApprovalRow | undefined> {
    return this.sql.one<ApprovalRow>(
      `INSERT INTO approvals (action, subject_id, merchant_id, environment, amount, evidence_reference, evidence_note, parameters, prepared_by_operator_id, prepared_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)
       ON CONFLICT (action, subject_id) WHERE status = 'pending' DO NOTHING RETURNING ${COLUMNS}`,
      [approval.action, approval.subject_id, approval.merchant_id, approval.environment, approval.amount, approval.evidence_reference,
        approval.evidence_note, JSON.stringify(approval.parameters), approval.prepared_by_operator_id, approval.prepared_by],
    );
  }

  async find(id: string): Promise<ApprovalRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.sql.one<ApprovalRow>(`SELECT ${COLUMNS} FROM approvals WHERE id = $1`, [id]);
  }

  @Transactional(Propagation.Mandatory)
  async lock(id: string): Promise<ApprovalRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.sql.one<ApprovalRow>(`SELECT ${COLUMNS} FROM approvals WHERE id = $1 FOR UPDATE`, [id]);
  }

  @Transactional(Propagation.Mandatory)
  async decide(id: string, decision: { status: 'approved' | 'rejected'; operatorId: string; by: string; note: string | null }): Promise<ApprovalRow> {
    const row = await this.sql.one<ApprovalRow>(
      `UPDATE approvals SET status = $2, decided_by_operator_id = $3, decided_by = $4, decision_note = $5, decided_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
      [id, decision.status, decision.operatorId, decision.by, decision.note],
    );
    return row!;
  }

  list(status: ApprovalStatus | undefined, limit: number): Promise<ApprovalRow[]> {
    return this.sql.query<ApprovalRow>(
      `SELECT ${COLUMNS} FROM approvals ${status ? 'WHERE status = $2' : ''} ORDER BY prepared_at DESC, id DESC LIMIT $1`,
      status ? [limit, status] : [limit],
    );
  }
}

import type { Environment } from '../common/environment';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected';
export const APPROVAL_ACTIONS = ['top_up.approve', 'withdrawal.mark_paid', 'withdrawal.mark_failed', 'payout.resolve'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

export interface ApprovalView {
  id: string;
  action: ApprovalAction;
  subject_id: string;
  merchant_id: string;
  environment: Environment;
  amount: number;
  evidence: { reference: string; note: string | null };
  /** What the preparer asked for beyond the evidence (a failure reason, a payout's verdict). */
  parameters: Record<string, string>;
  prepared_by: string;
  prepared_at: string;
  status: ApprovalStatus;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

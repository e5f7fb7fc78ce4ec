import type { Environment } from '../common/environment';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected';
export const APPROVAL_ACTIONS = ['top_up.approve', 'withdrawal.mark_paid', 'withdrawal.mark_failed', 'payout.resolve', 'provider.fund', 'settlement.run'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

export interface ApprovalView {
  id: string;
  action: ApprovalAction;
  /** The top-up, withdrawal or disbursement id; `<provider>:<reference>` for funding; `<environment>:<date>` for a settlement date. */
  subject_id: string;
  /** Null for what concerns no single merchant (provider funding, a settlement date). */
  merchant_id: string | null;
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

import type { Environment } from '../common/environment';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected';
export type ApprovalAction = 'top_up.approve';

export interface ApprovalView {
  id: string;
  action: ApprovalAction;
  subject_id: string;
  merchant_id: string;
  environment: Environment;
  amount: number;
  evidence: { reference: string; note: string | null };
  prepared_by: string;
  prepared_at: string;
  status: ApprovalStatus;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

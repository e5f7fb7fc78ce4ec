import { api, unwrap, type Schemas } from '../../api/client';

export type Approval = Schemas['ApprovalDto'];
export type ApprovalAction = Approval['action'];

/** What each kind of approval does, as a finance operator would say it. */
export const ACTION_LABELS: Record<ApprovalAction, string> = {
  'top_up.approve': 'Approve top-up',
  'withdrawal.mark_paid': 'Mark withdrawal paid',
  'withdrawal.mark_failed': 'Mark withdrawal failed',
  'payout.resolve': 'Resolve payout in doubt',
  'provider.fund': 'Record provider funding',
  'settlement.run': 'Run settlement date',
};

export const approvalsApi = {
  list: (status?: Approval['status']) => unwrap(api.GET('/admin/approvals', { params: { query: { status, limit: 200 } } })),
  get: (id: string) => unwrap(api.GET('/admin/approvals/{id}', { params: { path: { id } } })),
  approve: (id: string, note?: string) => unwrap(api.POST('/admin/approvals/{id}/approve', { params: { path: { id } }, body: { note } })),
  reject: (id: string, note: string) => unwrap(api.POST('/admin/approvals/{id}/reject', { params: { path: { id } }, body: { note } })),
};

/** The open approval of each subject (top-up, withdrawal, disbursement…), to show "waiting for an approver" beside it. */
export function openApprovalsBySubject(approvals: Approval[] | undefined): Map<string, Approval> {
  return new Map((approvals ?? []).filter((a) => a.status === 'pending').map((a) => [a.subject_id, a]));
}

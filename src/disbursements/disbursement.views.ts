import type { DisbursementRow, DisbursementStatus } from './disbursements.repository';

export type { DisbursementStatus };
import type { FailureCode } from '../domain/failure-codes';

export interface DisbursementView {
  id: string;
  status: DisbursementStatus;
  external_id: string;
  bank_code: string;
  account_name: string;
  account_number: string;
  description: string;
  amount: number;
  failure_code?: FailureCode;
}

/** The spec's create-disbursement response; `failure_code` appears once it failed. */
export function disbursementView(row: DisbursementRow): DisbursementView {
  return {
    id: row.id,
    status: row.status,
    external_id: row.external_id,
    bank_code: row.bank_code,
    account_name: row.account_name,
    account_number: row.account_number,
    description: row.description,
    amount: row.amount,
    ...(row.failure_code ? { failure_code: row.failure_code } : {}),
  };
}

/** What the read endpoints answer: the spec's shape plus when it was created and finished (ISO 8601). */
export interface DisbursementRecordView extends DisbursementView {
  created: string;
  completed: string | null;
}

export function disbursementRecordView(row: DisbursementRow): DisbursementRecordView {
  return { ...disbursementView(row), created: row.created_at.toISOString(), completed: row.completed_at?.toISOString() ?? null };
}

import type { Environment } from '../common/environment';
import type { FailureCode } from './payouts/payout-rules';

export interface DisbursementRow {
  id: string;
  merchant_id: string;
  environment: Environment;
  external_id: string;
  bank_code: string;
  account_name: string;
  account_number: string;
  description: string;
  amount: number;
  status: 'pending' | 'done' | 'failed';
  failure_code: FailureCode | null;
  reservation_id: string;
  batch_id: string | null;
  withdrawal_id: string | null;
  provider: string;
  created_at: Date;
  completed_at: Date | null;
}

export interface DisbursementView {
  id: string;
  status: 'pending' | 'done' | 'failed';
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

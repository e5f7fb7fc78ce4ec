import type { Environment } from '../../common/environment';
import type { WithdrawalAccountRow, WithdrawalRow } from './withdrawals.repository';

export type WithdrawalStatus = 'pending' | 'done' | 'failed';

export interface WithdrawalView {
  id: string;
  status: WithdrawalStatus;
  amount: number;
  bank_code: string;
  account_number: string;
  account_name: string;
  failure_reason: string | null;
  created: string;
  completed: string | null;
}

export interface AdminWithdrawalView extends WithdrawalView {
  merchant_id: string;
  environment: Environment;
}

export interface WithdrawalAccountView {
  bank_code: string;
  account_number: string;
  account_name: string;
  updated: string;
}

export function withdrawalView(withdrawal: WithdrawalRow): WithdrawalView {
  return {
    id: withdrawal.id,
    status: withdrawal.status,
    amount: withdrawal.amount,
    bank_code: withdrawal.bank_code,
    account_number: withdrawal.account_number,
    account_name: withdrawal.account_name,
    failure_reason: withdrawal.failure_reason,
    created: withdrawal.created_at.toISOString(),
    completed: withdrawal.completed_at?.toISOString() ?? null,
  };
}

export function adminWithdrawalView(withdrawal: WithdrawalRow): AdminWithdrawalView {
  return { ...withdrawalView(withdrawal), merchant_id: withdrawal.merchant_id, environment: withdrawal.environment };
}

export function withdrawalAccountView(account: WithdrawalAccountRow): WithdrawalAccountView {
  return {
    bank_code: account.bank_code,
    account_number: account.account_number,
    account_name: account.account_name,
    updated: account.updated_at.toISOString(),
  };
}

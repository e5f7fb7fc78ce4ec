import type { Environment } from '../../common/environment';
import type { Withdrawal, WithdrawalStatus } from './withdrawal.entity';

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


export function withdrawalView(withdrawal: Withdrawal): WithdrawalView {
  return {
    id: withdrawal.id,
    status: withdrawal.status,
    amount: withdrawal.amount,
    bank_code: withdrawal.bankCode,
    account_number: withdrawal.accountNumber,
    account_name: withdrawal.accountName,
    failure_reason: withdrawal.failureReason,
    created: withdrawal.createdAt.toISOString(),
    completed: withdrawal.completedAt?.toISOString() ?? null,
  };
}

export function adminWithdrawalView(withdrawal: Withdrawal): AdminWithdrawalView {
  return { ...withdrawalView(withdrawal), merchant_id: withdrawal.merchantId, environment: withdrawal.environment };
}

import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Environment } from '../../common/environment';

export type WithdrawalStatus = 'pending' | 'done' | 'failed';

/** Money out of the income wallet to the merchant's own registered bank account. */
@Entity('withdrawals')
export class Withdrawal {
  @PrimaryColumn('char', { length: 32 })
  id: string;

  @Column('uuid', { name: 'merchant_id' })
  merchantId: string;

  @Column('text')
  environment: Environment;

  @Column('bigint')
  amount: number;

  @Column('text', { name: 'bank_code' })
  bankCode: string;

  @Column('text', { name: 'account_number' })
  accountNumber: string;

  @Column('text', { name: 'account_name' })
  accountName: string;

  @Column('text')
  status: WithdrawalStatus;

  @Column('text', { name: 'failure_reason', nullable: true })
  failureReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt: Date | null;
}

import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Environment } from '../../common/environment';

/** Where a merchant's withdrawals go, per environment. */
@Entity('withdrawal_accounts')
export class WithdrawalAccount {
  @PrimaryColumn('uuid', { name: 'merchant_id' })
  merchantId: string;

  @PrimaryColumn('text')
  environment: Environment;

  @Column('text', { name: 'bank_code' })
  bankCode: string;

  @Column('text', { name: 'account_number' })
  accountNumber: string;

  @Column('text', { name: 'account_name' })
  accountName: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

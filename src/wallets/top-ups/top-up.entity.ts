import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Environment } from '../../common/environment';

export type TopUpStatus = 'pending' | 'approved' | 'rejected' | 'reversed';

/** A merchant's declared bank transfer into its disburse wallet, credited only on approval. */
@Entity('top_ups')
export class TopUp {
  @PrimaryColumn('char', { length: 32 })
  id: string;

  @Column('uuid', { name: 'merchant_id' })
  merchantId: string;

  @Column('text')
  environment: Environment;

  @Column('bigint')
  amount: number;

  @Column('text', { name: 'transfer_reference' })
  transferReference: string;

  @Column('text')
  status: TopUpStatus;

  @Column('text', { name: 'decision_reason', nullable: true })
  decisionReason: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

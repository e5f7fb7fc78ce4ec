import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Four eyes on withdrawals (issue 15): marking a production withdrawal paid or failed is an
 * approval too. `parameters` keeps what the preparer asked for beyond the evidence (the
 * failure reason), so the approver decides exactly that.
 */
export class WithdrawalApprovals1763950000000 implements MigrationInterface {
  name = 'WithdrawalApprovals1763950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE approvals DROP CONSTRAINT approvals_action_check');
    await queryRunner.query(`
      ALTER TABLE approvals
        ADD CONSTRAINT approvals_action_check CHECK (action IN ('top_up.approve', 'withdrawal.mark_paid', 'withdrawal.mark_failed')),
        ADD COLUMN parameters jsonb NOT NULL DEFAULT '{}'::jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM approvals WHERE action <> 'top_up.approve'`);
    await queryRunner.query('ALTER TABLE approvals DROP COLUMN parameters, DROP CONSTRAINT approvals_action_check');
    await queryRunner.query(`ALTER TABLE approvals ADD CONSTRAINT approvals_action_check CHECK (action IN ('top_up.approve'))`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** Four eyes on resolving production payouts in doubt (issue 15): one more kind of approval. */
export class PayoutResolutionApprovals1763960000000 implements MigrationInterface {
  name = 'PayoutResolutionApprovals1763960000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE approvals DROP CONSTRAINT approvals_action_check');
    await queryRunner.query(`
      ALTER TABLE approvals ADD CONSTRAINT approvals_action_check
        CHECK (action IN ('top_up.approve', 'withdrawal.mark_paid', 'withdrawal.mark_failed', 'payout.resolve'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM approvals WHERE action = 'payout.resolve'`);
    await queryRunner.query('ALTER TABLE approvals DROP CONSTRAINT approvals_action_check');
    await queryRunner.query(`
      ALTER TABLE approvals ADD CONSTRAINT approvals_action_check CHECK (action IN ('top_up.approve', 'withdrawal.mark_paid', 'withdrawal.mark_failed'))`);
  }
}

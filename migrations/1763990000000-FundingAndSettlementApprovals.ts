import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Four eyes on recording provider funding and on running a production settlement date by
 * hand (issue 15). Neither concerns one merchant, so an approval's merchant becomes optional.
 */
export class FundingAndSettlementApprovals1763990000000 implements MigrationInterface {
  name = 'FundingAndSettlementApprovals1763990000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE approvals ALTER COLUMN merchant_id DROP NOT NULL');
    await queryRunner.query('ALTER TABLE approvals DROP CONSTRAINT approvals_action_check');
    await queryRunner.query(`
      ALTER TABLE approvals ADD CONSTRAINT approvals_action_check
        CHECK (action IN ('top_up.approve', 'withdrawal.mark_paid', 'withdrawal.mark_failed', 'payout.resolve', 'provider.fund', 'settlement.run'))`);
    await queryRunner.query(`ALTER TABLE approvals ADD CONSTRAINT approvals_merchant_check CHECK ((merchant_id IS NULL) = (action IN ('provider.fund', 'settlement.run')))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM approvals WHERE action IN ('provider.fund', 'settlement.run')`);
    await queryRunner.query('ALTER TABLE approvals DROP CONSTRAINT approvals_merchant_check');
    await queryRunner.query('ALTER TABLE approvals DROP CONSTRAINT approvals_action_check');
    await queryRunner.query(`
      ALTER TABLE approvals ADD CONSTRAINT approvals_action_check
        CHECK (action IN ('top_up.approve', 'withdrawal.mark_paid', 'withdrawal.mark_failed', 'payout.resolve'))`);
    await queryRunner.query('ALTER TABLE approvals ALTER COLUMN merchant_id SET NOT NULL');
  }
}

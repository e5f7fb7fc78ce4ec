import { MigrationInterface, QueryRunner } from 'typeorm';

/** The metrics count unfinished payouts per environment at every scrape: without this it reads every disbursement. */
export class PendingPayoutsByEnvironment1764010000000 implements MigrationInterface {
  name = 'PendingPayoutsByEnvironment1764010000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX disbursements_pending ON disbursements (environment) WHERE status = 'pending'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX disbursements_pending');
  }
}

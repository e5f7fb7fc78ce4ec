import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard's lists (issue 14): a merchant's virtual accounts, payment codes and
 * disbursements in one environment, newest first, paged by (created_at, id). Without these
 * each page would sort all of the merchant's rows.
 */
export class MerchantListIndexes1763910000000 implements MigrationInterface {
  name = 'MerchantListIndexes1763910000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX virtual_accounts_newest_first ON virtual_accounts (merchant_id, environment, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX retail_payments_newest_first ON retail_payments (merchant_id, environment, created_at DESC, id DESC)');
    await queryRunner.query(
      'CREATE INDEX disbursements_newest_first ON disbursements (merchant_id, environment, created_at DESC, id DESC) WHERE withdrawal_id IS NULL',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX disbursements_newest_first');
    await queryRunner.query('DROP INDEX retail_payments_newest_first');
    await queryRunner.query('DROP INDEX virtual_accounts_newest_first');
  }
}

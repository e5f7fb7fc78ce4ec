import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operators suspend a merchant (issue 15): its API keys and dashboard sessions are refused
 * while suspended_at is set; the reason is required with it. And the console's callback
 * health of a merchant counts its failed callbacks, which no index reached without reading
 * every event of the merchant (the pending ones have callback_events_due_by_merchant).
 */
export class MerchantSuspension1763980000000 implements MigrationInterface {
  name = 'MerchantSuspension1763980000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE merchants
        ADD COLUMN suspended_at timestamptz(3),
        ADD COLUMN suspended_reason text CHECK (length(btrim(suspended_reason)) BETWEEN 1 AND 1000),
        ADD CONSTRAINT merchants_suspension_has_reason CHECK ((suspended_at IS NULL) = (suspended_reason IS NULL))`);
    await queryRunner.query(`CREATE INDEX callback_events_failed_by_merchant ON callback_events (merchant_id, environment) WHERE status = 'failed'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX callback_events_failed_by_merchant');
    await queryRunner.query('ALTER TABLE merchants DROP CONSTRAINT merchants_suspension_has_reason, DROP COLUMN suspended_reason, DROP COLUMN suspended_at');
  }
}

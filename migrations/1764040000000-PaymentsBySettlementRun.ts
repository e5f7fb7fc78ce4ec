import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A settlement run's per-payment report reads the run's payments by merchant, then as paid,
 * in keyset batches: without this each batch would read every payment.
 */
export class PaymentsBySettlementRun1764040000000 implements MigrationInterface {
  name = 'PaymentsBySettlementRun1764040000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX payments_by_settlement_run ON payments (settlement_run_id, merchant_id, paid_at, id) WHERE settlement_run_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX payments_by_settlement_run');
  }
}

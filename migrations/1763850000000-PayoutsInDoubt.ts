import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payouts in doubt: when the request that can move money was first sent to the current
 * provider, when operators were alerted that it is still unresolved, and the operator's
 * resolution of one (recorded once, with who and why).
 */
export class PayoutsInDoubt1763850000000 implements MigrationInterface {
  name = 'PayoutsInDoubt1763850000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE disbursements
        ADD COLUMN submitted_at timestamptz,
        ADD COLUMN in_doubt_alerted_at timestamptz`);
    // Payouts already sent before this migration count from their creation.
    await queryRunner.query(`UPDATE disbursements SET submitted_at = created_at WHERE provider_stage IN ('submitting', 'submitted')`);
    await queryRunner.query(`
      CREATE INDEX disbursements_in_doubt ON disbursements (submitted_at)
      WHERE status = 'pending' AND provider_stage IN ('submitting', 'submitted')`);
    await queryRunner.query(`
      CREATE TABLE payout_resolutions (
        -- One resolution per payout, ever.
        disbursement_id char(32) PRIMARY KEY REFERENCES disbursements (id),
        status text NOT NULL CHECK (status IN ('done', 'failed')),
        failure_code text CHECK ((status = 'failed') = (failure_code IS NOT NULL)),
        reason text NOT NULL CHECK (length(reason) BETWEEN 10 AND 1000),
        resolved_by text NOT NULL CHECK (length(resolved_by) BETWEEN 1 AND 200),
        provider text NOT NULL,
        provider_reference text,
        resolved_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE FUNCTION payout_resolutions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'payout resolutions cannot be changed or deleted';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER payout_resolutions_immutable BEFORE UPDATE OR DELETE ON payout_resolutions
      FOR EACH ROW EXECUTE FUNCTION payout_resolutions_immutable()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE payout_resolutions');
    await queryRunner.query('DROP FUNCTION payout_resolutions_immutable()');
    await queryRunner.query('DROP INDEX disbursements_in_doubt');
    await queryRunner.query('ALTER TABLE disbursements DROP COLUMN submitted_at, DROP COLUMN in_doubt_alerted_at');
  }
}

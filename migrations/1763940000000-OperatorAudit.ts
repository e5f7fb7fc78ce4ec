import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operators in the audit trail (issue 15): an entry names the operator who acted (as they
 * were named then, and how: which token) beside the person columns, and an operator action
 * that concerns no merchant (creating an operator) has no merchant. Still append-only.
 */
export class OperatorAudit1763940000000 implements MigrationInterface {
  name = 'OperatorAudit1763940000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_log ALTER COLUMN merchant_id DROP NOT NULL');
    await queryRunner.query(`
      ALTER TABLE audit_log
        ADD COLUMN operator_id uuid REFERENCES operators (id),
        ADD COLUMN operator_name text CHECK (length(operator_name) <= 255),
        ADD COLUMN operator_via text CHECK (length(operator_via) <= 200),
        ADD CHECK ((operator_name IS NULL) = (operator_via IS NULL) AND (operator_id IS NULL OR operator_name IS NOT NULL)),
        ADD CHECK (person_id IS NULL OR operator_name IS NULL)`);
    await queryRunner.query('CREATE INDEX audit_log_newest ON audit_log (id DESC)');
    await queryRunner.query('CREATE INDEX audit_log_operator ON audit_log (operator_id, id DESC) WHERE operator_id IS NOT NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX audit_log_operator');
    await queryRunner.query('DROP INDEX audit_log_newest');
    await queryRunner.query('ALTER TABLE audit_log DROP COLUMN operator_via, DROP COLUMN operator_name, DROP COLUMN operator_id');
  }
}

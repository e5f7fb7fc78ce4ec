import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operators sign in to the console (issue 15): an argon2id password hash and a TOTP second
 * factor per operator, and their server-side sessions (found by the SHA-256 of the cookie's
 * token, like dashboard_sessions). The TOTP secret must be read back to check a code, so it
 * cannot be hashed; totp_last_step refuses a code used once already.
 */
export class OperatorConsoleSignIn1763970000000 implements MigrationInterface {
  name = 'OperatorConsoleSignIn1763970000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE operators
        ADD COLUMN password_hash text,
        ADD COLUMN totp_secret text,
        ADD COLUMN totp_pending_secret text,
        ADD COLUMN totp_last_step bigint`);
    await queryRunner.query(`
      CREATE TABLE operator_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operator_id uuid NOT NULL REFERENCES operators (id),
        token_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        revoked_at timestamptz(3),
        CHECK (expires_at > created_at)
      )`);
    await queryRunner.query('CREATE INDEX operator_sessions_operator ON operator_sessions (operator_id) WHERE revoked_at IS NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE operator_sessions');
    await queryRunner.query('ALTER TABLE operators DROP COLUMN password_hash, DROP COLUMN totp_secret, DROP COLUMN totp_pending_secret, DROP COLUMN totp_last_step');
  }
}

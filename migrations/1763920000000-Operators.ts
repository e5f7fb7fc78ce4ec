import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operators as people (issue 15): named operator accounts with a role, and the API tokens
 * each of them uses for automation, scoped and revocable, so every /admin request is made
 * by someone. The token itself is never stored: only its SHA-256 and a hint. An operator is
 * disabled, never deleted (what they did stays attributable).
 */
export class Operators1763920000000 implements MigrationInterface {
  name = 'Operators1763920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE operators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 255),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
        role text NOT NULL CHECK (role IN ('viewer', 'operator', 'approver', 'admin')),
        created_by text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 300),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        disabled_at timestamptz(3)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX operators_email_key ON operators (lower(email)) WHERE disabled_at IS NULL');
    await queryRunner.query(`
      CREATE TABLE operator_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operator_id uuid NOT NULL REFERENCES operators (id),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
        scope text NOT NULL CHECK (scope IN ('read', 'act')),
        token_hash char(64) NOT NULL UNIQUE,
        hint text NOT NULL CHECK (length(hint) = 4),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_used_at timestamptz(3),
        revoked_at timestamptz(3)
      )`);
    await queryRunner.query('CREATE INDEX operator_tokens_operator ON operator_tokens (operator_id)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE operator_tokens');
    await queryRunner.query('DROP TABLE operators');
  }
}

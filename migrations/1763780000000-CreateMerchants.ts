import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMerchants1763780000000 implements MigrationInterface {
  name = 'CreateMerchants1763780000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE merchants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 255),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
        callback_token text NOT NULL CHECK (length(callback_token) >= 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX merchants_email_key ON merchants (lower(email))`);
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        key_hash char(64) NOT NULL UNIQUE,
        key_hint text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    // At most one live key per merchant and environment: rotation revokes the old one.
    await queryRunner.query(
      `CREATE UNIQUE INDEX api_keys_one_active ON api_keys (merchant_id, environment) WHERE revoked_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api_keys');
    await queryRunner.query('DROP TABLE merchants');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The merchant dashboard (issue 14):
 * - merchants.production_enabled: a merchant that signs up on the dashboard starts in
 *   development only, until an operator switches production on. Merchants that exist now
 *   (and those operators create) keep working in production.
 * - people: who may sign in to a merchant's dashboard, with a role and an argon2id password
 *   hash. Removing a person keeps the row (the audit trail names them), frees the email.
 * - dashboard_sessions: server-side sessions, found by the SHA-256 of the cookie's random
 *   token (the token itself is never stored), with idle and absolute expiry and revocation.
 * - audit_log: who changed what, when, in which request; append-only like payout_resolutions.
 */
export class DashboardPeople1763900000000 implements MigrationInterface {
  name = 'DashboardPeople1763900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Existing merchants get true; new rows false unless the creator says otherwise.
    await queryRunner.query('ALTER TABLE merchants ADD COLUMN production_enabled boolean NOT NULL DEFAULT true');
    await queryRunner.query('ALTER TABLE merchants ALTER COLUMN production_enabled SET DEFAULT false');

    await queryRunner.query(`
      CREATE TABLE people (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 255),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
        role text NOT NULL CHECK (role IN ('owner', 'developer', 'finance', 'viewer')),
        password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        removed_at timestamptz(3)
      )`);
    // One sign-in per email across merchants (the email says which merchant's dashboard opens).
    await queryRunner.query('CREATE UNIQUE INDEX people_email_key ON people (lower(email)) WHERE removed_at IS NULL');
    await queryRunner.query('CREATE INDEX people_merchant ON people (merchant_id) WHERE removed_at IS NULL');

    await queryRunner.query(`
      CREATE TABLE dashboard_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES people (id),
        token_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        revoked_at timestamptz(3),
        CHECK (expires_at > created_at)
      )`);
    await queryRunner.query('CREATE INDEX dashboard_sessions_person ON dashboard_sessions (person_id) WHERE revoked_at IS NULL');

    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text CHECK (environment IN ('development', 'production')),
        -- Who: a person (as they were named then) or, with all three null, an operator.
        person_id uuid REFERENCES people (id),
        person_name text,
        person_email text,
        action text NOT NULL CHECK (action ~ '^[a-z_]+[.][a-z_]+$'),
        target text CHECK (length(target) <= 200),
        before jsonb,
        after jsonb,
        request_id text CHECK (length(request_id) <= 128),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((person_id IS NULL) = (person_name IS NULL) AND (person_id IS NULL) = (person_email IS NULL))
      )`);
    await queryRunner.query('CREATE INDEX audit_log_merchant_newest ON audit_log (merchant_id, created_at DESC, id DESC)');
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log cannot be changed or deleted';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_log');
    await queryRunner.query('DROP FUNCTION audit_log_append_only()');
    await queryRunner.query('DROP TABLE dashboard_sessions');
    await queryRunner.query('DROP TABLE people');
    await queryRunner.query('ALTER TABLE merchants DROP COLUMN production_enabled');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Callbacks to merchants: credentials (the X-CALLBACK-TOKEN, moved here from merchants,
 * and the Standard Webhooks signing secret), URLs per event type, the transactional
 * outbox of events and the log of every delivery attempt.
 */
export class CreateCallbacks1763810000000 implements MigrationInterface {
  name = 'CreateCallbacks1763810000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE callback_credentials (
        merchant_id uuid PRIMARY KEY REFERENCES merchants (id),
        callback_token text NOT NULL CHECK (length(callback_token) >= 32),
        signing_secret text NOT NULL CHECK (signing_secret LIKE 'whsec\\_%'),
        previous_signing_secret text,
        previous_signing_secret_expires_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Existing merchants keep their token; their signing secret comes from PostgreSQL's
    // strong random source (gen_random_uuid), hashed to 32 bytes.
    await queryRunner.query(`
      INSERT INTO callback_credentials (merchant_id, callback_token, signing_secret)
      SELECT id, callback_token,
             'whsec_' || encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'base64')
      FROM merchants`);
    await queryRunner.query('ALTER TABLE merchants DROP COLUMN callback_token');

    await queryRunner.query(`
      CREATE TABLE callback_urls (
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        event_type text NOT NULL,
        url text NOT NULL CHECK (url ~ '^https?://'),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (merchant_id, environment, event_type)
      )`);

    await queryRunner.query(`
      CREATE TABLE callback_events (
        id text PRIMARY KEY,
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        event_type text NOT NULL,
        resource_id text,
        body text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'no_url')),
        attempt_count integer NOT NULL DEFAULT 0 CHECK (attempt_count >= 0),
        next_attempt_at timestamptz,
        leased_until timestamptz,
        lease_id uuid,
        delivered_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX callback_events_due ON callback_events (next_attempt_at) WHERE status = 'pending'`);
    await queryRunner.query(
      `CREATE INDEX callback_events_by_merchant ON callback_events (merchant_id, environment, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX callback_events_by_resource ON callback_events (merchant_id, environment, resource_id)`);

    await queryRunner.query(`
      CREATE TABLE callback_attempts (
        id bigserial PRIMARY KEY,
        event_id text NOT NULL REFERENCES callback_events (id),
        attempted_at timestamptz NOT NULL,
        url text NOT NULL,
        status_code integer,
        latency_ms integer NOT NULL CHECK (latency_ms >= 0),
        error text,
        response_snippet text,
        delivered boolean NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX callback_attempts_by_event ON callback_attempts (event_id, id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE merchants ADD COLUMN callback_token text');
    await queryRunner.query(
      'UPDATE merchants m SET callback_token = c.callback_token FROM callback_credentials c WHERE c.merchant_id = m.id',
    );
    await queryRunner.query('ALTER TABLE merchants ALTER COLUMN callback_token SET NOT NULL');
    await queryRunner.query('DROP TABLE callback_attempts');
    await queryRunner.query('DROP TABLE callback_events');
    await queryRunner.query('DROP TABLE callback_urls');
    await queryRunner.query('DROP TABLE callback_credentials');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** Money out: disbursements (single and batch; withdrawals pay out as disbursements too) and idempotency keys. */
export class CreateDisbursements1763830000000 implements MigrationInterface {
  name = 'CreateDisbursements1763830000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE batch_disbursements (
        id char(32) PRIMARY KEY,
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 255),
        status text NOT NULL CHECK (status IN ('pending', 'completed')),
        item_count integer NOT NULL CHECK (item_count BETWEEN 1 AND 1000),
        total_amount bigint NOT NULL CHECK (total_amount > 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE disbursements (
        id char(32) PRIMARY KEY,
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 255),
        bank_code text NOT NULL,
        account_name text NOT NULL CHECK (length(account_name) BETWEEN 1 AND 255),
        account_number text NOT NULL CHECK (account_number ~ '^[0-9]{5,34}$'),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
        amount bigint NOT NULL CHECK (amount > 0),
        status text NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
        failure_code text,
        -- The ledger reservation this payout posts or voids (disburse wallet, or income wallet for a withdrawal).
        reservation_id text NOT NULL UNIQUE REFERENCES ledger_transfers (id),
        batch_id char(32) REFERENCES batch_disbursements (id),
        withdrawal_id char(32) UNIQUE REFERENCES withdrawals (id),
        provider text NOT NULL,
        provider_reference text,
        -- Development only: what the sandbox bank does, and when.
        sandbox_outcome text,
        sandbox_outcome_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CHECK ((status = 'pending') = (completed_at IS NULL)),
        CHECK ((status = 'failed') = (failure_code IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX disbursements_by_external_id ON disbursements (merchant_id, environment, external_id)`);
    await queryRunner.query(`CREATE INDEX disbursements_by_batch ON disbursements (batch_id) WHERE batch_id IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX disbursements_sandbox_due ON disbursements (sandbox_outcome_at) WHERE status = 'pending' AND sandbox_outcome_at IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        request_fingerprint char(64) NOT NULL,
        status text NOT NULL CHECK (status IN ('in_flight', 'completed')),
        lease_id uuid,
        leased_until timestamptz,
        response_status integer,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (merchant_id, environment, key)
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_keys');
    await queryRunner.query('DROP TABLE disbursements');
    await queryRunner.query('DROP TABLE batch_disbursements');
  }
}

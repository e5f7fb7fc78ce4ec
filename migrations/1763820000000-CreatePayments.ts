import { MigrationInterface, QueryRunner } from 'typeorm';

/** Money in: virtual accounts, retail payment codes, the payments received on them, and settlement runs. */
export class CreatePayments1763820000000 implements MigrationInterface {
  name = 'CreatePayments1763820000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const resourceColumns = `
        id char(32) PRIMARY KEY,
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 255),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        expected_amount bigint NOT NULL CHECK (expected_amount > 0),
        is_single_use boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('unpaid', 'pending', 'done')),
        expiration_date timestamptz NOT NULL,
        provider text NOT NULL,
        provider_reference text,
        -- Development only: when the sandbox payer pays (the spec's QA timeline).
        sandbox_pay_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()`;
    await queryRunner.query(`
      CREATE TABLE virtual_accounts (${resourceColumns},
        bank_code text NOT NULL,
        account_name text NOT NULL,
        account_number text NOT NULL CHECK (account_number ~ '^[0-9]{8,20}$'),
        UNIQUE (bank_code, account_number)
      )`);
    await queryRunner.query(`
      CREATE TABLE retail_payments (${resourceColumns},
        retail_outlet_name text NOT NULL,
        payment_code text NOT NULL UNIQUE
      )`);
    for (const table of ['virtual_accounts', 'retail_payments']) {
      await queryRunner.query(`CREATE INDEX ${table}_by_external_id ON ${table} (merchant_id, environment, external_id)`);
      await queryRunner.query(
        `CREATE INDEX ${table}_sandbox_due ON ${table} (sandbox_pay_at) WHERE sandbox_pay_at IS NOT NULL`,
      );
    }

    await queryRunner.query(`
      CREATE TABLE payments (
        id char(32) PRIMARY KEY,
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        resource_type text NOT NULL CHECK (resource_type IN ('virtual_account', 'retail_payment')),
        resource_id char(32) NOT NULL,
        provider text NOT NULL,
        provider_payment_id text NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        status text NOT NULL CHECK (status IN ('pending', 'done')),
        paid_at timestamptz NOT NULL,
        settled_at timestamptz,
        settlement_run_id uuid,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((status = 'done') = (settled_at IS NOT NULL)),
        -- A provider's notification is recorded once, however often it arrives.
        UNIQUE (provider, provider_payment_id)
      )`);
    await queryRunner.query(`CREATE INDEX payments_by_resource ON payments (resource_id, created_at)`);
    await queryRunner.query(`CREATE INDEX payments_to_settle ON payments (environment, paid_at, id) WHERE status = 'pending'`);

    await queryRunner.query(`
      CREATE TABLE settlement_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        business_date date NOT NULL,
        cutoff_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'completed')),
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'operator')),
        started_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        -- Exactly one run per environment and business date, whoever triggers it.
        UNIQUE (environment, business_date)
      )`);
    await queryRunner.query(`
      CREATE TABLE settlement_run_merchants (
        run_id uuid NOT NULL REFERENCES settlement_runs (id),
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        payments_count bigint NOT NULL CHECK (payments_count > 0),
        total_amount bigint NOT NULL CHECK (total_amount > 0),
        PRIMARY KEY (run_id, merchant_id)
      )`);
    await queryRunner.query(
      `ALTER TABLE payments ADD CONSTRAINT payments_settlement_run FOREIGN KEY (settlement_run_id) REFERENCES settlement_runs (id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE payments');
    await queryRunner.query('DROP TABLE settlement_run_merchants');
    await queryRunner.query('DROP TABLE settlement_runs');
    await queryRunner.query('DROP TABLE retail_payments');
    await queryRunner.query('DROP TABLE virtual_accounts');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTopUpsAndWithdrawals1763800000000 implements MigrationInterface {
  name = 'CreateTopUpsAndWithdrawals1763800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE top_ups (
        id char(32) PRIMARY KEY,
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        amount bigint NOT NULL CHECK (amount > 0),
        transfer_reference text NOT NULL CHECK (length(transfer_reference) BETWEEN 1 AND 255),
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'reversed')),
        decision_reason text,
        decided_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((status = 'pending') = (decided_at IS NULL))
      )`);
    // One declaration per bank transfer: the same reference twice is a mistake, not a second top-up.
    await queryRunner.query(
      `CREATE UNIQUE INDEX top_ups_one_per_transfer ON top_ups (merchant_id, environment, transfer_reference)`,
    );
    await queryRunner.query(`CREATE INDEX top_ups_by_merchant ON top_ups (merchant_id, environment, created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX top_ups_pending ON top_ups (created_at) WHERE status = 'pending'`);

    await queryRunner.query(`
      CREATE TABLE withdrawal_accounts (
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        bank_code text NOT NULL,
        account_number text NOT NULL CHECK (account_number ~ '^[0-9]{5,34}$'),
        account_name text NOT NULL CHECK (length(account_name) BETWEEN 1 AND 255),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (merchant_id, environment)
      )`);

    await queryRunner.query(`
      CREATE TABLE withdrawals (
        id char(32) PRIMARY KEY,
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        amount bigint NOT NULL CHECK (amount > 0),
        bank_code text NOT NULL,
        account_number text NOT NULL,
        account_name text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
        failure_reason text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CHECK ((status = 'pending') = (completed_at IS NULL)),
        CHECK ((status = 'failed') = (failure_reason IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX withdrawals_by_merchant ON withdrawals (merchant_id, environment, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX withdrawals_pending ON withdrawals (created_at) WHERE status = 'pending'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE withdrawals');
    await queryRunner.query('DROP TABLE withdrawal_accounts');
    await queryRunner.query('DROP TABLE top_ups');
  }
}

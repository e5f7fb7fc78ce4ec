import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bank accounts merchants are told to transfer top-ups into, per environment, managed by
 * operators. An account is retired, never deleted, so what a merchant was once shown stays
 * on record.
 */
export class TopUpBankAccounts1763895000000 implements MigrationInterface {
  name = 'TopUpBankAccounts1763895000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE top_up_bank_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        bank_code text NOT NULL CHECK (bank_code ~ '^[A-Z0-9_]{2,32}$'),
        account_number text NOT NULL CHECK (account_number ~ '^[0-9]{5,34}$'),
        account_name text NOT NULL CHECK (length(account_name) BETWEEN 1 AND 100),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        retired_at timestamptz(3),
        CHECK (active = (retired_at IS NULL))
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX top_up_bank_accounts_one_active ON top_up_bank_accounts (environment, bank_code, account_number) WHERE active`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE top_up_bank_accounts');
  }
}

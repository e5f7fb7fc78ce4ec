import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The double-entry ledger (TigerBeetle's model in PostgreSQL): accounts with four bigint
 * balance columns, immutable transfers with caller-chosen ids, and one journal entry per
 * account touched, carrying the account's balance right after it.
 */
export class CreateLedger1763790000000 implements MigrationInterface {
  name = 'CreateLedger1763790000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        merchant_id uuid REFERENCES merchants (id),
        kind text NOT NULL CHECK (kind IN ('income', 'disburse', 'top_up_bank', 'payout', 'provider_clearing', 'fees')),
        debits_must_not_exceed_credits boolean NOT NULL,
        debits_pending bigint NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
        debits_posted bigint NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
        credits_pending bigint NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
        credits_posted bigint NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
        entry_count bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ledger_accounts_no_overdraft
          CHECK (NOT debits_must_not_exceed_credits OR debits_pending + debits_posted <= credits_posted),
        CONSTRAINT ledger_accounts_merchant_wallets
          CHECK ((kind IN ('income', 'disburse')) = (merchant_id IS NOT NULL)
                 AND (kind NOT IN ('income', 'disburse') OR debits_must_not_exceed_credits))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX ledger_accounts_one_wallet ON ledger_accounts (merchant_id, environment, kind) WHERE merchant_id IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE ledger_transfers (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
        debit_account_id uuid NOT NULL REFERENCES ledger_accounts (id),
        credit_account_id uuid NOT NULL REFERENCES ledger_accounts (id),
        amount bigint NOT NULL CHECK (amount > 0),
        kind text NOT NULL CHECK (kind IN ('posted', 'pending', 'post_pending', 'void_pending')),
        pending_id text REFERENCES ledger_transfers (id),
        code text NOT NULL CHECK (code IN ('payment', 'settlement', 'disbursement', 'top_up', 'withdrawal', 'fee', 'reversal')),
        reference text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (debit_account_id <> credit_account_id),
        CHECK ((kind IN ('post_pending', 'void_pending')) = (pending_id IS NOT NULL))
      )`);
    // A reservation is posted or voided exactly once.
    await queryRunner.query(`CREATE UNIQUE INDEX ledger_transfers_resolve_once ON ledger_transfers (pending_id)`);
    await queryRunner.query(`CREATE INDEX ledger_transfers_reference ON ledger_transfers (reference)`);

    await queryRunner.query(`
      CREATE TABLE ledger_entries (
        account_id uuid NOT NULL REFERENCES ledger_accounts (id),
        seq bigint NOT NULL,
        transfer_id text NOT NULL REFERENCES ledger_transfers (id),
        direction text NOT NULL CHECK (direction IN ('debit', 'credit')),
        available_delta bigint NOT NULL,
        available_balance bigint NOT NULL,
        pending_balance bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, seq),
        UNIQUE (transfer_id, direction)
      )`);
    await queryRunner.query(`CREATE INDEX ledger_entries_account_time ON ledger_entries (account_id, created_at)`);

    // Ledger history is append-only: corrections are new (reversal) transfers.
    await queryRunner.query(`
      CREATE FUNCTION ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const table of ['ledger_transfers', 'ledger_entries']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change()`,
      );
    }

    // System accounts per environment; they may go "negative" (they mirror money outside).
    await queryRunner.query(`
      INSERT INTO ledger_accounts (code, environment, kind, debits_must_not_exceed_credits)
      SELECT env || ':' || account.code, env, account.kind, false
      FROM unnest(ARRAY['development', 'production']) AS env,
           (VALUES ('top_up_bank', 'top_up_bank'), ('payout', 'payout'), ('fees', 'fees'),
                   ('provider_clearing:sandbox', 'provider_clearing'),
                   ('provider_clearing:xendit', 'provider_clearing'),
                   ('provider_clearing:duitku', 'provider_clearing')) AS account(code, kind)`);

    // Wallets for merchants created before the ledger existed.
    await queryRunner.query(`
      INSERT INTO ledger_accounts (code, environment, merchant_id, kind, debits_must_not_exceed_credits)
      SELECT 'merchant:' || m.id || ':' || env || ':' || kind, env, m.id, kind, true
      FROM merchants m, unnest(ARRAY['development', 'production']) AS env, unnest(ARRAY['income', 'disburse']) AS kind`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger_entries');
    await queryRunner.query('DROP TABLE ledger_transfers');
    await queryRunner.query('DROP FUNCTION ledger_forbid_change CASCADE');
    await queryRunner.query('DROP TABLE ledger_accounts');
  }
}

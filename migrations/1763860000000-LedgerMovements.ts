import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No platform-wide hot rows (issue 12). Accounts that never need a balance check (system
 * accounts: provider clearing, payout, top-up bank, fees) are no longer locked, updated or
 * journaled per transfer: each transfer appends one movement per such side, and a roll-up
 * folds movements into the account's columns. Their balance is the columns plus the
 * movements not rolled up yet (ledger_account_balances). Merchant wallets (the accounts
 * whose debits must not exceed their credits) keep their locked columns and exact journal.
 */
export class LedgerMovements1763860000000 implements MigrationInterface {
  name = 'LedgerMovements1763860000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger_movements (
        id bigserial PRIMARY KEY,
        account_id uuid NOT NULL,
        transfer_id text NOT NULL REFERENCES ledger_transfers (id),
        debits_pending bigint NOT NULL,
        debits_posted bigint NOT NULL,
        credits_pending bigint NOT NULL,
        credits_posted bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX ledger_movements_account ON ledger_movements (account_id)');
    // Inserted per transfer, deleted only by the roll-up that adds them to their account.
    await queryRunner.query(
      'CREATE TRIGGER ledger_movements_no_update BEFORE UPDATE ON ledger_movements FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change()',
    );

    // A foreign key takes a KEY SHARE lock on the referenced row: on a system account, every
    // transfer of every merchant would lock the one shared row again (MultiXacts). Accounts
    // are permanent (never deleted), so a plain read proves the account exists, lock-free.
    await queryRunner.query('ALTER TABLE ledger_transfers DROP CONSTRAINT ledger_transfers_debit_account_id_fkey');
    await queryRunner.query('ALTER TABLE ledger_transfers DROP CONSTRAINT ledger_transfers_credit_account_id_fkey');
    await queryRunner.query(
      'CREATE TRIGGER ledger_accounts_permanent BEFORE DELETE ON ledger_accounts FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change()',
    );
    // Statement-level (transition tables), so a set-based settlement batch checks all its rows at once.
    await queryRunner.query(`
      CREATE FUNCTION ledger_transfer_accounts_exist() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM inserted t
                   WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = t.debit_account_id)
                      OR NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = t.credit_account_id)) THEN
          RAISE EXCEPTION 'a transfer names an account that does not exist' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER ledger_transfers_accounts_exist AFTER INSERT ON ledger_transfers
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION ledger_transfer_accounts_exist()`);
    // Movements are for system accounts only (wallets are journaled, their columns always exact).
    await queryRunner.query(`
      CREATE FUNCTION ledger_movement_accounts_are_system() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM inserted m
                   WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = m.account_id AND NOT a.debits_must_not_exceed_credits)) THEN
          RAISE EXCEPTION 'a movement needs an existing system account' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER ledger_movements_system_only AFTER INSERT ON ledger_movements
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION ledger_movement_accounts_are_system()`);

    // Every read of a balance goes through here: exact whether or not the roll-up has run.
    await queryRunner.query(`
      CREATE VIEW ledger_account_balances AS
      SELECT a.id, a.code, a.environment, a.merchant_id, a.kind, a.debits_must_not_exceed_credits,
             a.debits_pending + m.debits_pending AS debits_pending, a.debits_posted + m.debits_posted AS debits_posted,
             a.credits_pending + m.credits_pending AS credits_pending, a.credits_posted + m.credits_posted AS credits_posted,
             a.entry_count + m.count AS entry_count
      FROM ledger_accounts a
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(debits_pending), 0)::bigint AS debits_pending, coalesce(sum(debits_posted), 0)::bigint AS debits_posted,
               coalesce(sum(credits_pending), 0)::bigint AS credits_pending, coalesce(sum(credits_posted), 0)::bigint AS credits_posted,
               count(*) AS count
        FROM ledger_movements WHERE account_id = a.id
      ) m`);

    // Provider funding is its own kind of movement, not a merchant top-up.
    await queryRunner.query('ALTER TABLE ledger_transfers DROP CONSTRAINT ledger_transfers_code_check');
    await queryRunner.query(`
      ALTER TABLE ledger_transfers ADD CONSTRAINT ledger_transfers_code_check
      CHECK (code IN ('payment', 'settlement', 'disbursement', 'top_up', 'withdrawal', 'fee', 'reversal', 'provider_funding'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Folds the remaining movements in first, so no money is lost with the table.
    await queryRunner.query(`
      UPDATE ledger_accounts a SET debits_pending = b.debits_pending, debits_posted = b.debits_posted,
             credits_pending = b.credits_pending, credits_posted = b.credits_posted, entry_count = b.entry_count
      FROM ledger_account_balances b WHERE b.id = a.id AND NOT a.debits_must_not_exceed_credits`);
    await queryRunner.query('DROP VIEW ledger_account_balances');
    await queryRunner.query('DROP TABLE ledger_movements');
    await queryRunner.query('DROP FUNCTION ledger_movement_accounts_are_system');
    await queryRunner.query('DROP TRIGGER ledger_transfers_accounts_exist ON ledger_transfers');
    await queryRunner.query('DROP FUNCTION ledger_transfer_accounts_exist');
    await queryRunner.query('DROP TRIGGER ledger_accounts_permanent ON ledger_accounts');
    await queryRunner.query('ALTER TABLE ledger_transfers ADD FOREIGN KEY (debit_account_id) REFERENCES ledger_accounts (id)');
    await queryRunner.query('ALTER TABLE ledger_transfers ADD FOREIGN KEY (credit_account_id) REFERENCES ledger_accounts (id)');
    await queryRunner.query('ALTER TABLE ledger_transfers DROP CONSTRAINT ledger_transfers_code_check');
    await queryRunner.query(`
      ALTER TABLE ledger_transfers ADD CONSTRAINT ledger_transfers_code_check
      CHECK (code IN ('payment', 'settlement', 'disbursement', 'top_up', 'withdrawal', 'fee', 'reversal'))`);
  }
}

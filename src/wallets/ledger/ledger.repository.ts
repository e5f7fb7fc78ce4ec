import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { Environment } from '../../common/environment';
import { Columns, Sql } from '../../database/sql';
import { availableBalance, type Side } from './ledger-rules';
import type { AccountBalances, LedgerAccount, LedgerTransfer, ResolvePending, TransferCode, TransferKind } from './ledger.types';

/** ledger_accounts and the ledger_account_balances view, as read. */
interface AccountRow {
  id: string;
  code: string;
  environment: Environment;
  merchant_id: string | null;
  kind: string;
  debits_must_not_exceed_credits: boolean;
  debits_pending: string;
  debits_posted: string;
  credits_pending: string;
  credits_posted: string;
}

const ACCOUNT = Columns.of<AccountRow>()(
  'id',
  'code',
  'environment',
  'merchant_id',
  'kind',
  'debits_must_not_exceed_credits',
  'debits_pending',
  'debits_posted',
  'credits_pending',
  'credits_posted',
);

/**
 * The counters pass 2^53, where the global int8 parser (JS numbers) refuses them: they are
 * selected as text and read with BigInt (toAccount), exact over the whole bigint range.
 */
const COUNTERS: readonly string[] = ['debits_pending', 'debits_posted', 'credits_pending', 'credits_posted'];
const ACCOUNT_AS_READ = ACCOUNT.names.map((name) => (COUNTERS.includes(name) ? `${name}::text AS ${name}` : name)).join(', ');

/**
 * An account as a transfer sees it. A wallet (an account whose debits must not exceed its
 * credits) is locked and journaled; any other account is never locked: its sides of
 * transfers are appended as movements.
 */
export type PostingAccount = LedgerAccount & { journaled: boolean };

function toAccount(row: AccountRow): PostingAccount {
  return {
    id: row.id,
    code: row.code,
    environment: row.environment,
    merchantId: row.merchant_id,
    kind: row.kind,
    journaled: row.debits_must_not_exceed_credits,
    debitsPending: BigInt(row.debits_pending),
    debitsPosted: BigInt(row.debits_posted),
    creditsPending: BigInt(row.credits_pending),
    creditsPosted: BigInt(row.credits_posted),
  };
}

interface TransferRow {
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  kind: TransferKind;
  pending_id: string | null;
  code: TransferCode;
  reference: string;
  created_at: Date;
}

const TRANSFER = Columns.of<TransferRow>()('id', 'debit_account_id', 'credit_account_id', 'amount', 'kind', 'pending_id', 'code', 'reference', 'created_at');

function toTransfer(row: TransferRow): LedgerTransfer {
  return {
    id: row.id,
    debitAccountId: row.debit_account_id,
    creditAccountId: row.credit_account_id,
    amount: row.amount,
    kind: row.kind,
    pendingId: row.pending_id,
    code: row.code,
    reference: row.reference,
    createdAt: row.created_at,
  };
}

/** A transfer about to be written. */
export type TransferSpec = Omit<LedgerTransfer, 'createdAt'>;

/** An account's four balances and entry count, every figure as text (past 2^53 a json number is rounded). */
export type AccountFigures = Record<keyof AccountBalances | 'entries', string>;

/** One account's figures as stored (the ledger check). */
export interface AccountStoredRow {
  id: string;
  code: string;
  stored: AccountFigures;
}

/** What a page of transfers adds to one account's figures (the ledger check). */
export interface AccountTotalsRow {
  account_id: string;
  totals: AccountFigures;
}

const CHECK_VIOLATION = '23514';

/** Arbitrary constant: the advisory lock that lets one instance at a time roll movements up. */
const ROLLUP_LOCK_KEY = 7_305_210_012;

/** Adds a CTE `totals (account_id, dp, dpo, cp, cpo, n)` to the accounts' columns (settlement batches, roll-ups). */
const ADD_TOTALS_TO_ACCOUNTS = `UPDATE ledger_accounts a
  SET debits_pending = a.debits_pending + t.dp, debits_posted = a.debits_posted + t.dpo,
      credits_pending = a.credits_pending + t.cp, credits_posted = a.credits_posted + t.cpo,
      entry_count = a.entry_count + t.n
  FROM totals t WHERE a.id = t.account_id`;

/**
 * The ledger tables: accounts, transfers, wallets' journal entries, system accounts'
 * movements. Every write and lock belongs to the caller's transaction (Propagation.Mandatory),
 * so a balance change commits or rolls back with the business state it records.
 */
@Injectable()
export class LedgerRepository {
  constructor(private readonly sql: Sql) {}

  async openWallets(merchantId: string, wallets: { code: string; environment: Environment; kind: string }[]): Promise<void> {
    await this.sql.query(
      `INSERT INTO ledger_accounts (code, environment, merchant_id, kind, debits_must_not_exceed_credits)
       SELECT code, environment, $4::uuid, kind, true FROM unnest($1::text[], $2::text[], $3::text[]) AS w(code, environment, kind)
       ON CONFLICT DO NOTHING`,
      [wallets.map((w) => w.code), wallets.map((w) => w.environment), wallets.map((w) => w.kind), merchantId],
    );
  }

  /** Balances are the columns plus any movements not rolled up yet. */
  async account(code: string): Promise<LedgerAccount | undefined> {
    const row = await this.sql.one<AccountRow>(`SELECT ${ACCOUNT_AS_READ} FROM ledger_account_balances WHERE code = $1`, [code]);
    return row && toAccount(row);
  }

  /**
   * The accounts named by id or code: wallets locked in id order (so concurrent transfers
   * queue instead of deadlocking, and the balance checked is the one updated), system
   * accounts only read, never locked.
   */
  @Transactional(Propagation.Mandatory)
  async lockForPosting(by: 'id' | 'code', keys: string[]): Promise<PostingAccount[]> {
    const rows = await this.sql.query<AccountRow>(
      `WITH wallets AS (
         SELECT ${ACCOUNT_AS_READ} FROM ledger_accounts
         WHERE ${by} = ANY($1) AND debits_must_not_exceed_credits ORDER BY id FOR UPDATE
       )
       SELECT ${ACCOUNT} FROM wallets
       UNION ALL
       SELECT ${ACCOUNT_AS_READ} FROM ledger_accounts WHERE ${by} = ANY($1) AND NOT debits_must_not_exceed_credits`,
      [keys],
    );
    return rows.map(toAccount);
  }

  async transfer(id: string): Promise<LedgerTransfer | undefined> {
    const row = await this.sql.one<TransferRow>(`SELECT ${TRANSFER} FROM ledger_transfers WHERE id = $1`, [id]);
    return row && toTransfer(row);
  }

  /** The post or void of a reservation, if any. */
  resolutionOf(pendingId: string | null): Promise<{ id: string; kind: TransferKind } | undefined> {
    return this.sql.one('SELECT id, kind FROM ledger_transfers WHERE pending_id = $1', [pendingId]);
  }

  /** Undefined when the id is taken (a replay, or a second resolution of a reservation). */
  @Transactional(Propagation.Mandatory)
  async insertTransfer(spec: TransferSpec): Promise<LedgerTransfer | undefined> {
    const row = await this.sql.one<TransferRow>(
      `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, kind, pending_id, code, reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT DO NOTHING
       RETURNING ${TRANSFER}`,
      [spec.id, spec.debitAccountId, spec.creditAccountId, spec.amount, spec.kind, spec.pendingId, spec.code, spec.reference],
    );
    return row && toTransfer(row);
  }

  /** A system account's side: appended, rolled up later (no lock, no update of the shared row). */
  @Transactional(Propagation.Mandatory)
  async appendMovement(accountId: string, transferId: string, change: AccountBalances): Promise<void> {
    await this.sql.query(
      `INSERT INTO ledger_movements (account_id, transfer_id, debits_pending, debits_posted, credits_pending, credits_posted)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [accountId, transferId, change.debitsPending, change.debitsPosted, change.creditsPending, change.creditsPosted],
    );
  }

  /**
   * A wallet's side: moves its balance columns and journals it with the running balance, in
   * one statement. False when the ledger_accounts_no_overdraft CHECK refused it.
   */
  @Transactional(Propagation.Mandatory)
  async journal(accountId: string, transferId: string, side: Side, change: AccountBalances): Promise<boolean> {
    try {
      await this.sql.query(
        `WITH updated AS (
           UPDATE ledger_accounts
           SET debits_pending = debits_pending + $2, debits_posted = debits_posted + $3,
               credits_pending = credits_pending + $4, credits_posted = credits_posted + $5,
               entry_count = entry_count + 1
           WHERE id = $1
           RETURNING entry_count, credits_posted - debits_posted - debits_pending AS available, credits_pending
         )
         INSERT INTO ledger_entries (account_id, seq, transfer_id, direction, available_delta, available_balance, pending_balance)
         SELECT $1, entry_count, $6, $7, $8, available, credits_pending FROM updated`,
        [accountId, change.debitsPending, change.debitsPosted, change.creditsPending, change.creditsPosted, transferId, side, availableBalance(change)],
      );
      return true;
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === CHECK_VIOLATION && constraint === 'ledger_accounts_no_overdraft') return false;
      throw error;
    }
  }

  /**
   * Posts many reservations in one statement (settlement batches): the post transfers, the
   * wallet balances and one journal entry per wallet side, with running balances computed
   * in SQL, and the movements of the system sides. Reservations already resolved are
   * skipped; returns the new posts.
   */
  @Transactional(Propagation.Mandatory)
  async postPendingBatch(items: ResolvePending[], code: TransferCode): Promise<LedgerTransfer[]> {
    const ids = items.map((item) => item.id);
    const pendingIds = items.map((item) => item.pendingId);
    // Same lock order as single transfers: every affected wallet, by id (system accounts never).
    await this.sql.query(
      `SELECT a.id FROM ledger_accounts a
       WHERE a.debits_must_not_exceed_credits
         AND a.id IN (SELECT debit_account_id FROM ledger_transfers WHERE id = ANY($1)
                      UNION SELECT credit_account_id FROM ledger_transfers WHERE id = ANY($1))
       ORDER BY a.id FOR UPDATE`,
      [pendingIds],
    );
    const rows = await this.sql.query<TransferRow>(
      `WITH inserted AS (
         INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, kind, pending_id, code, reference)
         SELECT i.id, p.debit_account_id, p.credit_account_id, p.amount, 'post_pending', p.id, $3, p.reference
         FROM unnest($1::text[], $2::text[]) AS i(id, pending_id) JOIN ledger_transfers p ON p.id = i.pending_id AND p.kind = 'pending'
         ON CONFLICT DO NOTHING
         RETURNING ${TRANSFER}
       ), sides AS (
         SELECT id AS transfer_id, debit_account_id AS account_id, 'debit' AS direction,
                -amount AS dp, amount AS dpo, 0::bigint AS cp, 0::bigint AS cpo
         FROM inserted
         UNION ALL
         SELECT id, credit_account_id, 'credit', 0, 0, -amount, amount FROM inserted
       ), classified AS (
         SELECT s.transfer_id, s.account_id, s.direction, s.dp, s.dpo, s.cp, s.cpo, a.debits_must_not_exceed_credits AS journaled
         FROM sides s JOIN ledger_accounts a ON a.id = s.account_id
       ), moved AS (
         INSERT INTO ledger_movements (account_id, transfer_id, debits_pending, debits_posted, credits_pending, credits_posted)
         SELECT account_id, transfer_id, dp, dpo, cp, cpo FROM classified WHERE NOT journaled
       ), numbered AS (
         SELECT c.transfer_id, c.account_id, c.direction, c.dp, c.dpo, c.cpo,
                row_number() OVER w AS n,
                sum(c.cpo - c.dpo - c.dp) OVER w AS available_so_far,
                sum(c.cp) OVER w AS pending_so_far
         FROM classified c WHERE c.journaled
         WINDOW w AS (PARTITION BY c.account_id ORDER BY c.transfer_id)
       ), totals AS (
         SELECT account_id, sum(dp) AS dp, sum(dpo) AS dpo, sum(cp) AS cp, sum(cpo) AS cpo, count(*) AS n
         FROM classified WHERE journaled GROUP BY account_id
       ), updated AS (
         ${ADD_TOTALS_TO_ACCOUNTS}
         RETURNING a.id, a.entry_count - t.n AS base_seq,
                   a.credits_posted - a.debits_posted - a.debits_pending - (t.cpo - t.dpo - t.dp) AS base_available,
                   a.credits_pending - t.cp AS base_pending
       ), journaled AS (
         INSERT INTO ledger_entries (account_id, seq, transfer_id, direction, available_delta, available_balance, pending_balance)
         SELECT n.account_id, u.base_seq + n.n, n.transfer_id, n.direction, n.cpo - n.dpo - n.dp,
                u.base_available + n.available_so_far, u.base_pending + n.pending_so_far
         FROM numbered n JOIN updated u ON u.id = n.account_id
       )
       SELECT ${TRANSFER} FROM inserted`,
      [ids, pendingIds, code],
    );
    return rows.map(toTransfer);
  }

  /** The roll-up's lock, until the transaction ends; false at once when another instance holds it. */
  @Transactional(Propagation.Mandatory)
  async tryLockRollUp(): Promise<boolean> {
    const [{ locked }] = await this.sql.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [ROLLUP_LOCK_KEY]);
    return locked;
  }

  /**
   * Folds up to `limit` movements (oldest first) into their accounts' columns and deletes
   * them, in one statement: a reader sees either the movements or the columns that include
   * them, never both or neither. Returns how many.
   */
  @Transactional(Propagation.Mandatory)
  async rollUpMovements(limit: number): Promise<number> {
    const [{ count }] = await this.sql.query<{ count: number }>(
      `WITH moved AS (
         DELETE FROM ledger_movements WHERE id IN (SELECT id FROM ledger_movements ORDER BY id LIMIT $1)
         RETURNING account_id, debits_pending, debits_posted, credits_pending, credits_posted
       ), totals AS (
         SELECT account_id, sum(debits_pending) AS dp, sum(debits_posted) AS dpo, sum(credits_pending) AS cp,
                sum(credits_posted) AS cpo, count(*) AS n
         FROM moved GROUP BY account_id
       ), updated AS (
         ${ADD_TOTALS_TO_ACCOUNTS}
       )
       SELECT count(*)::int AS count FROM moved`,
      [limit],
    );
    return count;
  }

  /**
   * The ledger check's next page of transfers (by id, after `afterId`; '' for the first),
   * summed per account side: what they add to each account's four balances and entries. A
   * pending transfer counts as open when nothing posted or voided it (in the same snapshot).
   */
  async transferTotalsPage(afterId: string, limit: number): Promise<{ lastId: string; transfers: number; totals: AccountTotalsRow[] } | undefined> {
    const rows = await this.sql.query<AccountTotalsRow & { last_id: string; transfers: number }>(
      `WITH page AS (
         SELECT t.id, t.debit_account_id, t.credit_account_id, t.amount,
                (t.kind = 'pending' AND r.id IS NULL) AS open_pending, t.kind IN ('posted', 'post_pending') AS is_posted
         FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.pending_id = t.id
         WHERE t.id > $1 ORDER BY t.id LIMIT $2
       ), sides AS (
         SELECT debit_account_id AS account_id,
                CASE WHEN open_pending THEN amount ELSE 0 END AS dp, CASE WHEN is_posted THEN amount ELSE 0 END AS dpo,
                0::bigint AS cp, 0::bigint AS cpo
         FROM page
         UNION ALL
         SELECT credit_account_id, 0, 0,
                CASE WHEN open_pending THEN amount ELSE 0 END, CASE WHEN is_posted THEN amount ELSE 0 END
         FROM page
       )
       SELECT account_id,
         json_build_object('debitsPending', sum(dp)::text, 'debitsPosted', sum(dpo)::text,
           'creditsPending', sum(cp)::text, 'creditsPosted', sum(cpo)::text, 'entries', count(*)::text) AS totals,
         (SELECT max(id) FROM page) AS last_id, (SELECT count(*) FROM page)::int AS transfers
       FROM sides GROUP BY account_id`,
      [afterId, limit],
    );
    if (rows.length === 0) return undefined;
    return { lastId: rows[0].last_id, transfers: rows[0].transfers, totals: rows.map(({ account_id, totals }) => ({ account_id, totals })) };
  }

  /**
   * Every account's stored balances and entry count, by code. A system account's stored
   * figures are its columns plus its movements not rolled up yet; its entries are its
   * movements (wallets: their journal entries).
   */
  storedFigures(): Promise<AccountStoredRow[]> {
    return this.sql.query<AccountStoredRow>(`
      SELECT a.id, a.code,
        json_build_object('debitsPending', a.debits_pending::text, 'debitsPosted', a.debits_posted::text,
          'creditsPending', a.credits_pending::text, 'creditsPosted', a.credits_posted::text,
          'entries', CASE WHEN a.debits_must_not_exceed_credits
                          THEN (SELECT count(*) FROM ledger_entries e WHERE e.account_id = a.id) ELSE a.entry_count END::text) AS stored
      FROM ledger_account_balances a
      ORDER BY a.code`);
  }

  async countTransfers(): Promise<number> {
    const [{ count }] = await this.sql.query<{ count: number }>('SELECT count(*)::bigint AS count FROM ledger_transfers');
    return count;
  }
}

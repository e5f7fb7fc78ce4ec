import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { toJsonInteger } from '../../common/json-integer';
import { applyChange, availableBalance, balanceChange, insufficientBalance, isValidAmount, Side } from './ledger-rules';
import {
  AccountBalances,
  LedgerAccount,
  LedgerCheckReport,
  LedgerDifference,
  LedgerTransfer,
  NewTransfer,
  ResolvePending,
  TransferKind,
} from './ledger.types';
import { queryRows } from '../../database/query-rows';
import { walletAccount } from './account-codes';

const CHECK_VIOLATION = '23514';

/** Arbitrary constant: the advisory lock that lets one instance at a time roll movements up. */
const ROLLUP_LOCK_KEY = 7_305_210_012;

/**
 * The counters pass 2^53, where the global int8 parser (JS numbers) refuses them: they are
 * selected as text and read with BigInt (toAccount), exact over the whole bigint range.
 */
const ACCOUNT_COLUMNS = `id, code, environment, merchant_id AS "merchantId", kind,
  debits_pending::text AS "debitsPending", debits_posted::text AS "debitsPosted",
  credits_pending::text AS "creditsPending", credits_posted::text AS "creditsPosted"`;

type AsText<T> = Omit<T, keyof AccountBalances> & Record<keyof AccountBalances, string>;

function toAccount<T extends LedgerAccount>(row: AsText<T>): T {
  return {
    ...row,
    debitsPending: BigInt(row.debitsPending),
    debitsPosted: BigInt(row.debitsPosted),
    creditsPending: BigInt(row.creditsPending),
    creditsPosted: BigInt(row.creditsPosted),
  } as T;
}

/**
 * A wallet (an account whose debits must not exceed its credits) is locked and journaled;
 * any other account is never locked: its sides of transfers are appended as movements.
 */
type PostingAccount = LedgerAccount & { journaled: boolean };

/** Adds a CTE `totals (account_id, dp, dpo, cp, cpo, n)` to the accounts' columns (settlement batches, roll-ups). */
const ADD_TOTALS_TO_ACCOUNTS = `UPDATE ledger_accounts a
  SET debits_pending = a.debits_pending + t.dp, debits_posted = a.debits_posted + t.dpo,
      credits_pending = a.credits_pending + t.cp, credits_posted = a.credits_posted + t.cpo,
      entry_count = a.entry_count + t.n
  FROM totals t WHERE a.id = t.account_id`;

const TRANSFER_COLUMNS = `id, debit_account_id AS "debitAccountId", credit_account_id AS "creditAccountId", amount, kind,
  pending_id AS "pendingId", code, reference, created_at AS "createdAt"`;

type TransferSpec = Omit<LedgerTransfer, 'createdAt'>;

/**
 * The double-entry ledger engine, internal to the wallets module (other modules move money
 * through MoneyMovementsService). Every call runs inside the caller's transaction
 * (TransactionHost), so a balance change commits or rolls back together with the business
 * state and its outbox event.
 *
 * Wallets are locked (in id order: no deadlocks), their columns updated and a journal entry
 * with the running balance written per transfer; overdrafts are checked here for a precise
 * error and impossible anyway (the ledger_accounts_no_overdraft CHECK). System accounts are
 * never locked or updated per transfer: one movement per side is appended, and rollUp()
 * folds movements into their columns; reads add the movements not rolled up yet
 * (ledger_account_balances), so a balance is exact whether or not the roll-up has run.
 */
@Injectable()
export class LedgerService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.txHost.tx, sql, parameters);
  }

  /** Opens the income and disburse wallets of a new merchant in both environments. */
  async openMerchantWallets(merchantId: string): Promise<void> {
    const wallets = (['development', 'production'] as const).flatMap((environment) =>
      (['income', 'disburse'] as const).map((kind) => ({ code: walletAccount({ merchantId, environment }, kind), environment, kind })),
    );
    await this.query(
      `INSERT INTO ledger_accounts (code, environment, merchant_id, kind, debits_must_not_exceed_credits)
       SELECT code, environment, $4::uuid, kind, true FROM unnest($1::text[], $2::text[], $3::text[]) AS w(code, environment, kind)
       ON CONFLICT DO NOTHING`,
      [wallets.map((w) => w.code), wallets.map((w) => w.environment), wallets.map((w) => w.kind), merchantId],
    );
  }

  /** An account's balances: the columns plus any movements not rolled up yet. */
  async account(code: string): Promise<LedgerAccount> {
    const [account] = await this.query<AsText<LedgerAccount>>(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_account_balances WHERE code = $1`, [code]);
    if (!account) throw new Error(`No ledger account ${code}`);
    return toAccount(account);
  }

  /**
   * Locks one wallet and returns it, for a transaction about to debit it many times
   * (group commit): the balance read stays current until that transaction ends.
   */
  async lockWallet(code: string): Promise<LedgerAccount> {
    const [wallet] = (await this.lockWallets('code', [code])).filter((account) => account.journaled);
    if (!wallet) throw new Error(`No wallet ${code}`);
    return wallet;
  }

  async getTransfer(id: string): Promise<LedgerTransfer | undefined> {
    const [transfer] = await this.query<LedgerTransfer>(`SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE id = $1`, [id]);
    return transfer;
  }

  /** A posted transfer, or with `pending: true` a reservation to post or void later. */
  async transfer(input: NewTransfer): Promise<LedgerTransfer> {
    if (!isValidAmount(input.amount)) {
      throw new DomainError('API_VALIDATION_ERROR', `amount must be a positive whole number of rupiah, got ${input.amount}`);
    }
    const accounts = await this.lockWallets('code', [input.debit, input.credit]);
    const [debit, credit] = [input.debit, input.credit].map((code) => accounts.find((account) => account.code === code));
    if (!debit || !credit) throw new Error(`Transfer ${input.id} needs two existing accounts, got ${input.debit} and ${input.credit}`);
    return this.apply(
      {
        id: input.id,
        debitAccountId: debit.id,
        creditAccountId: credit.id,
        amount: input.amount,
        kind: input.pending ? 'pending' : 'posted',
        pendingId: null,
        code: input.code,
        reference: input.reference,
      },
      accounts,
    );
  }

  /** Completes a reservation: the reserved amount moves from pending to posted. */
  postPending(input: ResolvePending): Promise<LedgerTransfer> {
    return this.resolve(input, 'post_pending');
  }

  /** Cancels a reservation: the reserved amount is released. */
  voidPending(input: ResolvePending): Promise<LedgerTransfer> {
    return this.resolve(input, 'void_pending');
  }

  /**
   * Posts many reservations in one statement (settlement batches): the post transfers,
   * the wallet balances and one journal entry per wallet side, with running balances
   * computed in SQL, and the movements of the system sides. Reservations already resolved
   * are skipped; returns the new posts.
   */
  async postPendingBatch(items: ResolvePending[], code: NewTransfer['code']): Promise<LedgerTransfer[]> {
    if (!items.length) return [];
    const ids = items.map((item) => item.id);
    const pendingIds = items.map((item) => item.pendingId);
    // Same lock order as single transfers: every affected wallet, by id (system accounts never).
    await this.query(
      `SELECT a.id FROM ledger_accounts a
       WHERE a.debits_must_not_exceed_credits
         AND a.id IN (SELECT debit_account_id FROM ledger_transfers WHERE id = ANY($1)
                      UNION SELECT credit_account_id FROM ledger_transfers WHERE id = ANY($1))
       ORDER BY a.id FOR UPDATE`,
      [pendingIds],
    );
    return this.query<LedgerTransfer>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[]) AS i(id, pending_id)
       ), inserted AS (
         INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, kind, pending_id, code, reference)
         SELECT i.id, p.debit_account_id, p.credit_account_id, p.amount, 'post_pending', p.id, $3, p.reference
         FROM input i JOIN ledger_transfers p ON p.id = i.pending_id AND p.kind = 'pending'
         ON CONFLICT DO NOTHING
         RETURNING *
       ), sides AS (
         SELECT id AS transfer_id, debit_account_id AS account_id, 'debit' AS direction,
                -amount AS dp, amount AS dpo, 0::bigint AS cp, 0::bigint AS cpo
         FROM inserted
         UNION ALL
         SELECT id, credit_account_id, 'credit', 0, 0, -amount, amount FROM inserted
       ), classified AS (
         SELECT s.*, a.debits_must_not_exceed_credits AS journaled FROM sides s JOIN ledger_accounts a ON a.id = s.account_id
       ), moved AS (
         INSERT INTO ledger_movements (account_id, transfer_id, debits_pending, debits_posted, credits_pending, credits_posted)
         SELECT account_id, transfer_id, dp, dpo, cp, cpo FROM classified WHERE NOT journaled
       ), numbered AS (
         SELECT s.*,
                row_number() OVER w AS n,
                sum(s.cpo - s.dpo - s.dp) OVER w AS available_so_far,
                sum(s.cp) OVER w AS pending_so_far
         FROM classified s WHERE s.journaled
         WINDOW w AS (PARTITION BY s.account_id ORDER BY s.transfer_id)
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
       SELECT ${TRANSFER_COLUMNS} FROM inserted`,
      [ids, pendingIds, code],
    );
  }

  /** Undoes a posted transfer with an opposite one; fails if the money has been spent since. */
  async reverse(input: { id: string; transferId: string; reference: string }): Promise<LedgerTransfer> {
    const original = await this.getTransfer(input.transferId);
    if (!original || (original.kind !== 'posted' && original.kind !== 'post_pending')) {
      throw new Error(`Transfer ${input.transferId} is not a posted transfer`);
    }
    return this.applyBetween({
      id: input.id,
      debitAccountId: original.creditAccountId,
      creditAccountId: original.debitAccountId,
      amount: original.amount,
      kind: 'posted',
      pendingId: null,
      code: 'reversal',
      reference: input.reference,
    });
  }

  private async resolve(input: ResolvePending, kind: 'post_pending' | 'void_pending'): Promise<LedgerTransfer> {
    const pending = await this.getTransfer(input.pendingId);
    if (!pending || pending.kind !== 'pending') throw new Error(`Transfer ${input.pendingId} is not a pending transfer`);
    return this.applyBetween({
      id: input.id,
      debitAccountId: pending.debitAccountId,
      creditAccountId: pending.creditAccountId,
      amount: pending.amount,
      kind,
      pendingId: pending.id,
      code: pending.code,
      reference: pending.reference,
    });
  }

  /**
   * The accounts of a transfer: wallets locked in id order (so concurrent transfers queue
   * instead of deadlocking, and the balance we check is the one we update), system accounts
   * only read, never locked.
   */
  private async lockWallets(by: 'id' | 'code', keys: string[]): Promise<PostingAccount[]> {
    const rows = await this.query<AsText<PostingAccount>>(
      `WITH wallets AS (
         SELECT ${ACCOUNT_COLUMNS}, true AS journaled FROM ledger_accounts
         WHERE ${by} = ANY($1) AND debits_must_not_exceed_credits ORDER BY id FOR UPDATE
       )
       SELECT * FROM wallets
       UNION ALL
       SELECT ${ACCOUNT_COLUMNS}, false FROM ledger_accounts WHERE ${by} = ANY($1) AND NOT debits_must_not_exceed_credits`,
      [keys],
    );
    return rows.map((row) => toAccount(row));
  }

  /** A transfer between accounts known by id (a post, void or reversal of an earlier one). */
  private async applyBetween(spec: TransferSpec): Promise<LedgerTransfer> {
    return this.apply(spec, await this.lockWallets('id', [spec.debitAccountId, spec.creditAccountId]));
  }

  private async apply(spec: TransferSpec, accounts: PostingAccount[]): Promise<LedgerTransfer> {
    const debit = accounts.find((a) => a.id === spec.debitAccountId);
    const credit = accounts.find((a) => a.id === spec.creditAccountId);
    if (!debit || !credit || debit === credit) throw new Error(`Transfer ${spec.id} needs two distinct existing accounts`);
    if (debit.environment !== credit.environment) throw new Error(`Transfer ${spec.id} crosses environments`);

    const [inserted] = await this.query<LedgerTransfer>(
      `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, kind, pending_id, code, reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT DO NOTHING
       RETURNING ${TRANSFER_COLUMNS}`,
      [spec.id, spec.debitAccountId, spec.creditAccountId, spec.amount, spec.kind, spec.pendingId, spec.code, spec.reference],
    );
    if (!inserted) return this.existingTransfer(spec);

    // Only a wallet must not go negative; its row is locked, so this balance is current.
    if (debit.journaled && availableBalance(applyChange(debit, balanceChange(spec.kind, 'debit', spec.amount))) < 0n) {
      throw insufficientBalanceOf(debit, spec.amount);
    }
    for (const [account, side] of [
      [debit, 'debit'],
      [credit, 'credit'],
    ] as [PostingAccount, Side][]) {
      await (account.journaled ? this.writeEntry(account, side, spec) : this.appendMovement(account, side, spec));
    }
    return inserted;
  }

  /** A system account's side: appended, rolled up later (no lock, no update of the shared row). */
  private async appendMovement(account: LedgerAccount, side: Side, spec: TransferSpec): Promise<void> {
    const change = balanceChange(spec.kind, side, spec.amount);
    await this.query(
      `INSERT INTO ledger_movements (account_id, transfer_id, debits_pending, debits_posted, credits_pending, credits_posted)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [account.id, spec.id, change.debitsPending, change.debitsPosted, change.creditsPending, change.creditsPosted],
    );
  }

  /** A wallet's side: moves its balance columns and journals it, in one statement. */
  private async writeEntry(account: LedgerAccount, side: Side, spec: TransferSpec): Promise<void> {
    const change = balanceChange(spec.kind, side, spec.amount);
    const availableDelta = change.creditsPosted - change.debitsPosted - change.debitsPending;
    try {
      await this.query(
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
        [account.id, change.debitsPending, change.debitsPosted, change.creditsPending, change.creditsPosted, spec.id, side, availableDelta],
      );
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === CHECK_VIOLATION && constraint === 'ledger_accounts_no_overdraft') {
        throw insufficientBalanceOf(account, spec.amount);
      }
      throw error;
    }
  }

  /** A replayed id returns the original transfer, provided it describes the same movement. */
  private async existingTransfer(spec: TransferSpec): Promise<LedgerTransfer> {
    const existing = await this.getTransfer(spec.id);
    if (!existing) {
      const [resolution] = await this.query<{ id: string; kind: TransferKind }>(
        'SELECT id, kind FROM ledger_transfers WHERE pending_id = $1',
        [spec.pendingId],
      );
      throw new DomainError(
        'PENDING_TRANSFER_ALREADY_RESOLVED_ERROR',
        `Reservation ${spec.pendingId} was already ${resolution?.kind === 'post_pending' ? 'posted' : 'voided'} by ${resolution?.id}`,
      );
    }
    const same =
      existing.debitAccountId === spec.debitAccountId &&
      existing.creditAccountId === spec.creditAccountId &&
      existing.amount === spec.amount &&
      existing.kind === spec.kind &&
      existing.pendingId === spec.pendingId;
    if (!same) throw new Error(`Transfer id ${spec.id} was already used for a different transfer`);
    return existing;
  }


  /**
   * Folds up to `limit` movements (oldest first) into their system accounts' columns and
   * deletes them, in one statement: a reader sees either the movements or the columns that
   * include them, never both or neither. One instance at a time (advisory lock; the others
   * return 0 at once). Oldest first matters: a reservation's movement is committed before
   * its post or void is written, so a post is never folded in without its reservation and
   * *_pending never dips below zero. Returns how many movements were rolled up.
   */
  async rollUp(limit: number): Promise<number> {
    return this.txHost.withTransaction(async () => {
      const [{ locked }] = await this.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [ROLLUP_LOCK_KEY]);
      if (!locked) return 0;
      const [{ count }] = await this.query<{ count: number }>(
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
    });
  }

  /**
   * Recomputes every account's four balances and entry count from the transfers, in one
   * snapshot, and lists every difference. Expected: none. A system account's stored figures
   * are its rolled-up columns plus its movements not rolled up yet; its entries are its
   * movements (wallets: their journal entries).
   */
  async check(): Promise<LedgerCheckReport> {
    return this.txHost.withTransaction({ isolationLevel: 'REPEATABLE READ' }, async () => {
      // Every figure travels as text: a json number past 2^53 would be rounded by JSON.parse.
      const rows = await this.query<{
        id: string;
        code: string;
        stored: Record<keyof AccountBalances | 'entries', string>;
        expected: Record<keyof AccountBalances | 'entries', string>;
      }>(`
        WITH transfers AS (
          SELECT t.*, (t.kind = 'pending' AND r.id IS NULL) AS open_pending,
                 t.kind IN ('posted', 'post_pending') AS is_posted
          FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.pending_id = t.id
        ), sides AS (
          SELECT debit_account_id AS account_id,
                 CASE WHEN open_pending THEN amount ELSE 0 END AS dp, CASE WHEN is_posted THEN amount ELSE 0 END AS dpo,
                 0::bigint AS cp, 0::bigint AS cpo
          FROM transfers
          UNION ALL
          SELECT credit_account_id, 0, 0,
                 CASE WHEN open_pending THEN amount ELSE 0 END, CASE WHEN is_posted THEN amount ELSE 0 END
          FROM transfers
        ), expected AS (
          SELECT account_id, sum(dp)::bigint AS dp, sum(dpo)::bigint AS dpo, sum(cp)::bigint AS cp,
                 sum(cpo)::bigint AS cpo, count(*)::bigint AS entries
          FROM sides GROUP BY account_id
        )
        SELECT a.id, a.code,
          json_build_object('debitsPending', a.debits_pending::text, 'debitsPosted', a.debits_posted::text,
            'creditsPending', a.credits_pending::text, 'creditsPosted', a.credits_posted::text,
            'entries', CASE WHEN a.debits_must_not_exceed_credits
                            THEN (SELECT count(*) FROM ledger_entries e WHERE e.account_id = a.id) ELSE a.entry_count END::text) AS stored,
          json_build_object('debitsPending', coalesce(x.dp, 0)::text, 'debitsPosted', coalesce(x.dpo, 0)::text,
            'creditsPending', coalesce(x.cp, 0)::text, 'creditsPosted', coalesce(x.cpo, 0)::text,
            'entries', coalesce(x.entries, 0)::text) AS expected
        FROM ledger_account_balances a LEFT JOIN expected x ON x.account_id = a.id
        ORDER BY a.code`);
      const [{ count: transfers }] = await this.query<{ count: number }>('SELECT count(*)::bigint AS count FROM ledger_transfers');
      const differences: LedgerDifference[] = [];
      for (const row of rows) {
        for (const field of Object.keys(row.expected) as (keyof typeof row.expected)[]) {
          const stored = BigInt(row.stored[field]);
          const expected = BigInt(row.expected[field]);
          if (stored !== expected) {
            differences.push({ account_id: row.id, account_code: row.code, field, stored: toJsonInteger(stored), expected: toJsonInteger(expected) });
          }
        }
      }
      return {
        ok: differences.length === 0,
        checked_at: new Date().toISOString(),
        accounts_checked: rows.length,
        transfers_checked: transfers,
        differences,
      };
    });
  }
}

function insufficientBalanceOf(account: LedgerAccount, amount: number): DomainError {
  const wallet = account.kind === 'income' || account.kind === 'disburse' ? `${account.kind} wallet` : account.code;
  return insufficientBalance(wallet, availableBalance(account), amount);
}

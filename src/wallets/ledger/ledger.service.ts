import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { toJsonInteger } from '../../common/json-integer';
import { walletAccount } from './account-codes';
import { isValidAmount } from '../../common/validation/amount-range';
import type { Progress } from '../../common/progress';
import { applyChange, availableBalance, balanceChange, insufficientBalance, Side } from './ledger-rules';
import { AccountFigures, LedgerRepository, PostingAccount, TransferSpec } from './ledger.repository';
import { LedgerAccount, LedgerCheckReport, LedgerDifference, LedgerTransfer, NewTransfer, ResolvePending } from './ledger.types';

/** Transfers the ledger check reads per query. */
const CHECK_PAGE_SIZE = 10_000;
const FIGURES = ['debitsPending', 'debitsPosted', 'creditsPending', 'creditsPosted', 'entries'] as const satisfies readonly (keyof AccountFigures)[];

/**
 * The double-entry ledger engine, internal to the wallets module (other modules move money
 * through MoneyMovementsService): the rules of a transfer; its SQL is LedgerRepository's.
 * Every posting runs inside the caller's transaction, so a balance change commits or rolls
 * back together with the business state and its outbox event.
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
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** Opens the income and disburse wallets of a new merchant in both environments. */
  openMerchantWallets(merchantId: string): Promise<void> {
    const wallets = (['development', 'production'] as const).flatMap((environment) =>
      (['income', 'disburse'] as const).map((kind) => ({ code: walletAccount({ merchantId, environment }, kind), environment, kind })),
    );
    return this.ledger.openWallets(merchantId, wallets);
  }

  /** An account's balances: the columns plus any movements not rolled up yet. */
  async account(code: string): Promise<LedgerAccount> {
    const account = await this.ledger.account(code);
    if (!account) throw new Error(`No ledger account ${code}`);
    return account;
  }

  /**
   * Locks one wallet and returns it, for a transaction about to debit it many times
   * (group commit): the balance read stays current until that transaction ends.
   */
  async lockWallet(code: string): Promise<LedgerAccount> {
    const [wallet] = (await this.ledger.lockForPosting('code', [code])).filter((account) => account.journaled);
    if (!wallet) throw new Error(`No wallet ${code}`);
    return wallet;
  }

  getTransfer(id: string): Promise<LedgerTransfer | undefined> {
    return this.ledger.transfer(id);
  }

  /** A posted transfer, or with `pending: true` a reservation to post or void later. */
  async transfer(input: NewTransfer): Promise<LedgerTransfer> {
    if (!isValidAmount(input.amount)) {
      throw new DomainError('API_VALIDATION_ERROR', `amount must be a positive whole number of rupiah, got ${input.amount}`);
    }
    const accounts = await this.ledger.lockForPosting('code', [input.debit, input.credit]);
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
   * Posts many reservations at once (settlement batches), skipping those already resolved;
   * returns the new posts.
   */
  async postPendingBatch(items: ResolvePending[], code: NewTransfer['code']): Promise<LedgerTransfer[]> {
    return items.length ? this.ledger.postPendingBatch(items, code) : [];
  }

  /** Undoes a posted transfer with an opposite one; fails if the money has been spent since. */
  async reverse(input: { id: string; transferId: string; reference: string }): Promise<LedgerTransfer> {
    const original = await this.ledger.transfer(input.transferId);
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

  /**
   * Folds up to `limit` movements (oldest first) into their system accounts' columns. One
   * instance at a time (the others return 0 at once). Oldest first matters: a reservation's
   * movement is committed before its post or void is written, so a post is never folded in
   * without its reservation and *_pending never dips below zero. Returns how many movements
   * were rolled up.
   */
  rollUp(limit: number): Promise<number> {
    // The injected host, not @Transactional(): that one is process-wide, and tests run two apps in one process.
    return this.txHost.withTransaction(async () => {
      if (!(await this.ledger.tryLockRollUp())) return 0;
      return this.ledger.rollUpMovements(limit);
    });
  }

  /**
   * Recomputes every account's four balances and entry count from the transfers, in one
   * snapshot, and lists every difference. Expected: none. The transfers are read a page at a
   * time (each page summed per account by PostgreSQL); `progress` hears how many are done.
   */
  check(progress?: Progress): Promise<LedgerCheckReport> {
    return this.txHost.withTransaction({ isolationLevel: 'REPEATABLE READ' }, () => this.compareWithTransfers(progress));
  }

  private async compareWithTransfers(progress?: Progress): Promise<LedgerCheckReport> {
    const transfers = await this.ledger.countTransfers();
    progress?.(0, transfers);
    const expected = new Map<string, Record<keyof AccountFigures, bigint>>();
    let done = 0;
    for (let afterId = ''; ; ) {
      const page = await this.ledger.transferTotalsPage(afterId, CHECK_PAGE_SIZE);
      if (!page) break;
      for (const { account_id, totals } of page.totals) {
        const sums = expected.get(account_id) ?? { debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n, entries: 0n };
        for (const field of FIGURES) sums[field] += BigInt(totals[field]);
        expected.set(account_id, sums);
      }
      done += page.transfers;
      afterId = page.lastId;
      progress?.(Math.min(done, transfers), transfers);
      if (page.transfers < CHECK_PAGE_SIZE) break;
    }
    const rows = await this.ledger.storedFigures();
    const differences: LedgerDifference[] = [];
    for (const row of rows) {
      for (const field of FIGURES) {
        const stored = BigInt(row.stored[field]);
        const recomputed = expected.get(row.id)?.[field] ?? 0n;
        if (stored !== recomputed) {
          differences.push({ account_id: row.id, account_code: row.code, field, stored: toJsonInteger(stored), expected: toJsonInteger(recomputed) });
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
  }

  private async resolve(input: ResolvePending, kind: 'post_pending' | 'void_pending'): Promise<LedgerTransfer> {
    const pending = await this.ledger.transfer(input.pendingId);
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

  /** A transfer between accounts known by id (a post, void or reversal of an earlier one). */
  private async applyBetween(spec: TransferSpec): Promise<LedgerTransfer> {
    return this.apply(spec, await this.ledger.lockForPosting('id', [spec.debitAccountId, spec.creditAccountId]));
  }

  private async apply(spec: TransferSpec, accounts: PostingAccount[]): Promise<LedgerTransfer> {
    const debit = accounts.find((a) => a.id === spec.debitAccountId);
    const credit = accounts.find((a) => a.id === spec.creditAccountId);
    if (!debit || !credit || debit === credit) throw new Error(`Transfer ${spec.id} needs two distinct existing accounts`);
    if (debit.environment !== credit.environment) throw new Error(`Transfer ${spec.id} crosses environments`);

    const inserted = await this.ledger.insertTransfer(spec);
    if (!inserted) return this.existingTransfer(spec);

    // Only a wallet must not go negative; its row is locked, so this balance is current.
    if (debit.journaled && availableBalance(applyChange(debit, balanceChange(spec.kind, 'debit', spec.amount))) < 0n) {
      throw insufficientBalanceOf(debit, spec.amount);
    }
    for (const [account, side] of [
      [debit, 'debit'],
      [credit, 'credit'],
    ] as [PostingAccount, Side][]) {
      const change = balanceChange(spec.kind, side, spec.amount);
      if (!account.journaled) await this.ledger.appendMovement(account.id, spec.id, change);
      else if (!(await this.ledger.journal(account.id, spec.id, side, change))) throw insufficientBalanceOf(account, spec.amount);
    }
    return inserted;
  }

  /** A replayed id returns the original transfer, provided it describes the same movement. */
  private async existingTransfer(spec: TransferSpec): Promise<LedgerTransfer> {
    const existing = await this.ledger.transfer(spec.id);
    if (!existing) {
      const resolution = await this.ledger.resolutionOf(spec.pendingId);
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
}

function insufficientBalanceOf(account: LedgerAccount, amount: number): DomainError {
  const wallet = account.kind === 'income' || account.kind === 'disburse' ? `${account.kind} wallet` : account.code;
  return insufficientBalance(wallet, availableBalance(account), amount);
}

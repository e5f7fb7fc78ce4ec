import { DomainError } from '../../common/errors/domain-error';
import type { AccountBalances, TransferKind } from './ledger.types';

export type Side = 'debit' | 'credit';

/**
 * The change one transfer makes to one side's balance columns. Post and void move the
 * reserved amount out of *_pending; post adds it to *_posted.
 */
export function balanceChange(kind: TransferKind, side: Side, amount: number): AccountBalances {
  const exact = BigInt(amount);
  const pending = { posted: 0n, pending: exact, post_pending: -exact, void_pending: -exact }[kind];
  const posted = kind === 'posted' || kind === 'post_pending' ? exact : 0n;
  return side === 'debit'
    ? { debitsPending: pending, debitsPosted: posted, creditsPending: 0n, creditsPosted: 0n }
    : { debitsPending: 0n, debitsPosted: 0n, creditsPending: pending, creditsPosted: posted };
}

/** What the holder may spend: posted credits less everything debited or reserved. */
export function availableBalance(balances: AccountBalances): bigint {
  return balances.creditsPosted - balances.debitsPosted - balances.debitsPending;
}

export function applyChange(balances: AccountBalances, change: AccountBalances): AccountBalances {
  return {
    debitsPending: balances.debitsPending + change.debitsPending,
    debitsPosted: balances.debitsPosted + change.debitsPosted,
    creditsPending: balances.creditsPending + change.creditsPending,
    creditsPosted: balances.creditsPosted + change.creditsPosted,
  };
}

export function insufficientBalance(wallet: string, available: bigint, amount: number): DomainError {
  return new DomainError('INSUFFICIENT_BALANCE', `Insufficient balance in the ${wallet}: ${available} available, ${amount} requested`);
}

/**
 * What a locked wallet can still reserve while one transaction reserves many amounts
 * (group commit): in arrival order, each amount that fits what is left takes it; one that
 * does not is refused without touching the wallet.
 */
export class Allowance {
  constructor(
    private readonly wallet: string,
    private remaining: bigint,
  ) {}

  /** INSUFFICIENT_BALANCE unless `amount` fits what is left. */
  need(amount: number): void {
    if (BigInt(amount) > this.remaining) throw insufficientBalance(this.wallet, this.remaining, amount);
  }

  /** The amount was reserved. */
  spend(amount: number): void {
    this.remaining -= BigInt(amount);
  }
}

import type { AccountBalances, TransferKind } from './ledger.types';

export type Side = 'debit' | 'credit';

/**
 * The change one transfer makes to one side's balance columns. Post and void move the
 * reserved amount out of *_pending; post adds it to *_posted.
 */
export function balanceChange(kind: TransferKind, side: Side, amount: number): AccountBalances {
  const pending = { posted: 0, pending: amount, post_pending: -amount, void_pending: -amount }[kind];
  const posted = kind === 'posted' || kind === 'post_pending' ? amount : 0;
  return side === 'debit'
    ? { debitsPending: pending, debitsPosted: posted, creditsPending: 0, creditsPosted: 0 }
    : { debitsPending: 0, debitsPosted: 0, creditsPending: pending, creditsPosted: posted };
}

/** What the holder may spend: posted credits less everything debited or reserved. */
export function availableBalance(balances: AccountBalances): number {
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

export function isValidAmount(amount: unknown): amount is number {
  return typeof amount === 'number' && Number.isSafeInteger(amount) && amount > 0;
}

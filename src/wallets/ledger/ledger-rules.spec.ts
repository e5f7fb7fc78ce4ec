import { applyChange, availableBalance, balanceChange, isValidAmount } from './ledger-rules';
import type { AccountBalances, TransferKind } from './ledger.types';

const zero: AccountBalances = { debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 0 };

function replay(steps: [TransferKind, 'debit' | 'credit', number][], start = zero): AccountBalances {
  return steps.reduce((balances, [kind, side, amount]) => applyChange(balances, balanceChange(kind, side, amount)), start);
}

describe('ledger balance rules', () => {
  it('a posted credit is available at once', () => {
    expect(availableBalance(replay([['posted', 'credit', 500]]))).toBe(500);
  });

  it('a pending credit is not available until posted', () => {
    const pending = replay([['pending', 'credit', 300]]);
    expect(pending).toEqual({ ...zero, creditsPending: 300 });
    expect(availableBalance(pending)).toBe(0);
    const posted = replay([['post_pending', 'credit', 300]], pending);
    expect(posted).toEqual({ ...zero, creditsPosted: 300 });
    expect(availableBalance(posted)).toBe(300);
  });

  it('a pending debit reserves, a post spends it, a void releases it', () => {
    const funded = replay([['posted', 'credit', 1000]]);
    const reserved = replay([['pending', 'debit', 400]], funded);
    expect(availableBalance(reserved)).toBe(600);
    expect(availableBalance(replay([['post_pending', 'debit', 400]], reserved))).toBe(600);
    expect(replay([['post_pending', 'debit', 400]], reserved)).toEqual({ ...zero, creditsPosted: 1000, debitsPosted: 400 });
    expect(availableBalance(replay([['void_pending', 'debit', 400]], reserved))).toBe(1000);
    expect(replay([['void_pending', 'debit', 400]], reserved)).toEqual({ ...zero, creditsPosted: 1000 });
  });

  it('accepts only positive whole rupiah within the exact integer range', () => {
    expect(isValidAmount(1)).toBe(true);
    expect(isValidAmount(10_000_000)).toBe(true);
    for (const bad of [0, -5, 1.5, NaN, Infinity, 2 ** 53, '100', null]) expect(isValidAmount(bad)).toBe(false);
  });
});

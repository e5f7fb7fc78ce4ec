import { Allowance, applyChange, availableBalance, balanceChange } from './ledger-rules';
import type { AccountBalances, TransferKind } from './ledger.types';

const zero: AccountBalances = { debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n };

function replay(steps: [TransferKind, 'debit' | 'credit', number][], start = zero): AccountBalances {
  return steps.reduce((balances, [kind, side, amount]) => applyChange(balances, balanceChange(kind, side, amount)), start);
}

describe('ledger balance rules', () => {
  it('a posted credit is available at once', () => {
    expect(availableBalance(replay([['posted', 'credit', 500]]))).toBe(500n);
  });

  it('a pending credit is not available until posted', () => {
    const pending = replay([['pending', 'credit', 300]]);
    expect(pending).toEqual({ ...zero, creditsPending: 300n });
    expect(availableBalance(pending)).toBe(0n);
    const posted = replay([['post_pending', 'credit', 300]], pending);
    expect(posted).toEqual({ ...zero, creditsPosted: 300n });
    expect(availableBalance(posted)).toBe(300n);
  });

  it('a pending debit reserves, a post spends it, a void releases it', () => {
    const funded = replay([['posted', 'credit', 1000]]);
    const reserved = replay([['pending', 'debit', 400]], funded);
    expect(availableBalance(reserved)).toBe(600n);
    expect(availableBalance(replay([['post_pending', 'debit', 400]], reserved))).toBe(600n);
    expect(replay([['post_pending', 'debit', 400]], reserved)).toEqual({ ...zero, creditsPosted: 1000n, debitsPosted: 400n });
    expect(availableBalance(replay([['void_pending', 'debit', 400]], reserved))).toBe(1000n);
    expect(replay([['void_pending', 'debit', 400]], reserved)).toEqual({ ...zero, creditsPosted: 1000n });
  });

  it('counts exactly past 2^53, where JS numbers would round', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const past = replay([['posted', 'credit', max], ['posted', 'credit', 1], ['posted', 'credit', 2], ['posted', 'debit', max]]);
    expect(past).toEqual({ ...zero, creditsPosted: 9007199254740994n, debitsPosted: 9007199254740991n });
    expect(availableBalance(past)).toBe(3n);
  });
});

describe('allowance of a locked wallet', () => {
  it('lets amounts through in order while they fit what is left', () => {
    const allowance = new Allowance('disburse wallet', 10n);
    const decisions = [4, 7, 5, 1, 1].map((amount) => {
      try {
        allowance.need(amount);
      } catch (error) {
        return (error as Error).message;
      }
      allowance.spend(amount);
      return 'reserved';
    });
    expect(decisions).toEqual([
      'reserved',
      'Insufficient balance in the disburse wallet: 6 available, 7 requested',
      'reserved',
      'reserved',
      'Insufficient balance in the disburse wallet: 0 available, 1 requested',
    ]);
  });

  it('takes nothing until spent: what an item whose write failed did not spend is left for the next', () => {
    const allowance = new Allowance('disburse wallet', 5n);
    allowance.need(5);
    expect(() => allowance.need(5)).not.toThrow();
  });
});

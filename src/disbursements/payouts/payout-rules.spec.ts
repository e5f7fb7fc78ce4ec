import { decodeOutcome, encodeOutcome, sandboxOutcome } from './payout-rules';

describe('sandbox payout rules', () => {
  const merchant = (amount: number, accountNumber = '12345678') => sandboxOutcome({ amount, accountNumber, source: 'merchant' });

  it('completes exactly 90,000 (the spec QA note) and leaves other amounts pending', () => {
    expect(merchant(90_000)).toEqual({ status: 'done' });
    expect(merchant(20_000_000)).toBeUndefined();
    expect(merchant(89_999)).toBeUndefined();
  });

  it('fails the documented magic values', () => {
    expect(merchant(90_001)).toEqual({ status: 'failed', failureCode: 'REJECTED_BY_BANK' });
    expect(merchant(90_000, '5550000')).toEqual({ status: 'failed', failureCode: 'INVALID_DESTINATION' });
  });

  it('always completes sandbox withdrawals', () => {
    expect(sandboxOutcome({ amount: 123_456, accountNumber: '1', source: 'withdrawal' })).toEqual({ status: 'done' });
  });

  it('round-trips outcomes through their stored form', () => {
    for (const outcome of [{ status: 'done' as const }, { status: 'failed' as const, failureCode: 'REJECTED_BY_BANK' as const }]) {
      expect(decodeOutcome(encodeOutcome(outcome))).toEqual(outcome);
    }
  });
});

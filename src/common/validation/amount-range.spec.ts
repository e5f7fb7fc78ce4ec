import { DomainError } from '../errors/domain-error';
import { assertAmountWithin, isValidAmount } from './amount-range';

describe('amounts', () => {
  it('accepts only positive whole rupiah within the exact integer range', () => {
    expect(isValidAmount(1)).toBe(true);
    expect(isValidAmount(10_000_000)).toBe(true);
    for (const bad of [0, -5, 1.5, NaN, Infinity, 2 ** 53, '100', null]) expect(isValidAmount(bad)).toBe(false);
  });

  it("refuses an amount outside the bank's limits as a field error on amount", () => {
    expect(() => assertAmountWithin(10_000, 10_000, 50_000, 'BNI')).not.toThrow();
    expect(() => assertAmountWithin(50_001, 10_000, 50_000, 'BNI')).toThrow(DomainError);
    expect(() => assertAmountWithin(9_999, 10_000, 50_000, 'BNI')).toThrow('amount must be between 10000 and 50000 for BNI');
  });
});

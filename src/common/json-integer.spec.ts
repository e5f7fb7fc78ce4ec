import { toJsonInteger } from './json-integer';

describe('toJsonInteger', () => {
  it('keeps every figure a JSON number can hold exactly as a number', () => {
    for (const value of [0n, 1n, -250_000n, 9007199254740991n, -9007199254740991n]) {
      expect(toJsonInteger(value)).toBe(Number(value));
    }
  });

  it('writes figures beyond 2^53 - 1 as their exact decimal string', () => {
    expect(toJsonInteger(9007199254740992n)).toBe('9007199254740992');
    expect(toJsonInteger(9007199254740993n)).toBe('9007199254740993');
    expect(toJsonInteger(-9007199254740993n)).toBe('-9007199254740993');
    expect(toJsonInteger(2n ** 63n - 1n)).toBe('9223372036854775807');
    expect(JSON.parse(JSON.stringify({ amount: toJsonInteger(9007199254740993n) })).amount).toBe('9007199254740993');
  });
});

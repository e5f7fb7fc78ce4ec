import { types } from 'pg';

/**
 * bigint (int8) columns hold rupiah amounts and counters. They come back as JS numbers,
 * which are exact up to 2^53 (about 9 quadrillion rupiah); anything larger fails loudly
 * instead of losing precision. Figures that accumulate without bound (ledger counters and
 * balances, settlement totals) never come through here: they are selected as `::text`
 * and read with BigInt.
 */
export function parseBigint(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`bigint ${value} is beyond the exact range of a JS number`);
  return parsed;
}

types.setTypeParser(types.builtins.INT8, parseBigint);

import { formatJakarta, parseJakartaOrIso, zonedDate, zonedInstant } from './jakarta-time';

describe('Asia/Jakarta time', () => {
  it('formats instants the way the spec shows expiration_date', () => {
    expect(formatJakarta(new Date('2052-12-22T17:00:00Z'))).toBe('2052-12-23 00:00:00');
  });

  it('knows the calendar date and the 14:00 cutoff instant in a time zone', () => {
    expect(zonedDate(new Date('2026-11-22T16:59:59Z'), 'Asia/Jakarta')).toBe('2026-11-22');
    expect(zonedDate(new Date('2026-11-22T17:00:00Z'), 'Asia/Jakarta')).toBe('2026-11-23');
    expect(zonedInstant('2026-11-22', '14:00', 'Asia/Jakarta').toISOString()).toBe('2026-11-22T07:00:00.000Z');
    expect(zonedInstant('2026-07-01', '14:00', 'Europe/Amsterdam').toISOString()).toBe('2026-07-01T12:00:00.000Z');
  });

  it('reads both the spec format and ISO 8601', () => {
    expect(parseJakartaOrIso('expiration_date', '2030-01-01 07:00:00').toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(parseJakartaOrIso('expiration_date', '2030-01-01T00:00:00Z').toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(() => parseJakartaOrIso('expiration_date', 'tomorrow')).toThrow(/expiration_date must be/);
  });
});

import { createdBetween, fromJakartaWallClock, jakartaDayStart, toJakartaWallClock } from './jakarta-dates';

describe('Jakarta days and wall-clock times for the API', () => {
  it('a Jakarta day starts at 17:00 UTC the day before', () => {
    expect(jakartaDayStart('2026-11-22')?.toISOString()).toBe('2026-11-21T17:00:00.000Z');
    expect(jakartaDayStart('')).toBeUndefined();
    expect(jakartaDayStart('22/11/2026')).toBeUndefined();
  });

  it('"created from … to …" includes both days: created_before is the start of the day after `to`', () => {
    expect(createdBetween('2026-11-01', '2026-11-30')).toEqual({
      created_after: '2026-10-31T17:00:00.000Z',
      created_before: '2026-11-30T17:00:00.000Z',
    });
    expect(createdBetween('', '2026-12-31')).toEqual({ created_before: '2026-12-31T17:00:00.000Z' });
    expect(createdBetween('2026-12-31', '')).toEqual({ created_after: '2026-12-30T17:00:00.000Z' });
    expect(createdBetween('', '')).toEqual({});
  });

  it("reads the API's wall-clock expiration as Jakarta time, whatever the browser's zone", () => {
    expect(fromJakartaWallClock('2052-12-23 00:00:00').toISOString()).toBe('2052-12-22T17:00:00.000Z');
    expect(fromJakartaWallClock('2026-11-22T07:15:00.000Z').toISOString()).toBe('2026-11-22T07:15:00.000Z');
  });

  it('sends a datetime-local value as Jakarta wall-clock time', () => {
    expect(toJakartaWallClock('2026-12-31T23:59')).toBe('2026-12-31 23:59:00');
    expect(toJakartaWallClock('2026-12-31T23:59:30')).toBe('2026-12-31 23:59:30');
  });
});

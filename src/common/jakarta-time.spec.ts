import { CronTime } from 'cron';
import { Settings } from 'luxon';
import { formatJakarta, jakartaIso, parseJakartaOrIso, zonedDate, zonedInstant } from './jakarta-time';

const instant = (date: string, time: string, zone: string) => zonedInstant(date, time, zone).toISOString();

describe('Asia/Jakarta time', () => {
  it('formats instants the way the spec shows expiration_date', () => {
    expect(formatJakarta(new Date('2052-12-22T17:00:00Z'))).toBe('2052-12-23 00:00:00');
  });

  it('formats instants for finance exports with the +07:00 offset, to the second', () => {
    expect(jakartaIso(new Date('2026-11-22T07:00:00.987Z'))).toBe('2026-11-22T14:00:00+07:00');
    expect(jakartaIso(new Date('2026-11-22T17:30:00Z'))).toBe('2026-11-23T00:30:00+07:00');
  });

  it('reads both the spec format and ISO 8601', () => {
    expect(parseJakartaOrIso('expiration_date', '2030-01-01 07:00:00').toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(parseJakartaOrIso('expiration_date', '2030-01-01T00:00:00Z').toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(() => parseJakartaOrIso('expiration_date', 'tomorrow')).toThrow(/expiration_date must be/);
  });
});

describe('settlement time zones', () => {
  it('knows the calendar date of an instant in a time zone', () => {
    expect(zonedDate(new Date('2026-11-22T16:59:59Z'), 'Asia/Jakarta')).toBe('2026-11-22');
    expect(zonedDate(new Date('2026-11-22T17:00:00Z'), 'Asia/Jakarta')).toBe('2026-11-23');
    expect(zonedDate(new Date('2026-03-08T04:59:59Z'), 'America/New_York')).toBe('2026-03-07');
    expect(zonedDate(new Date('2026-03-08T05:00:00Z'), 'America/New_York')).toBe('2026-03-08');
    expect(zonedDate(new Date('2026-11-02T04:59:59Z'), 'America/New_York')).toBe('2026-11-01');
    expect(zonedDate(new Date('2026-11-02T05:00:00Z'), 'America/New_York')).toBe('2026-11-02');
  });

  it('finds the cutoff instant in zones without daylight saving', () => {
    expect(instant('2026-11-22', '14:00', 'Asia/Jakarta')).toBe('2026-11-22T07:00:00.000Z');
    expect(instant('2026-11-22', '00:00', 'Asia/Jakarta')).toBe('2026-11-21T17:00:00.000Z');
    expect(instant('2026-11-22', '23:59', 'Asia/Jakarta')).toBe('2026-11-22T16:59:00.000Z');
    expect(instant('2026-11-22', '14:00', 'UTC')).toBe('2026-11-22T14:00:00.000Z');
  });

  it('follows daylight saving in summer and winter', () => {
    expect(instant('2026-07-01', '14:00', 'Europe/Amsterdam')).toBe('2026-07-01T12:00:00.000Z');
    expect(instant('2026-07-01', '14:00', 'Europe/London')).toBe('2026-07-01T13:00:00.000Z');
    expect(instant('2026-12-01', '14:00', 'Europe/London')).toBe('2026-12-01T14:00:00.000Z');
    expect(instant('2026-07-01', '14:00', 'America/New_York')).toBe('2026-07-01T18:00:00.000Z');
    expect(instant('2026-12-01', '14:00', 'America/New_York')).toBe('2026-12-01T19:00:00.000Z');
  });

  it('gets every cutoff of the New York spring-forward day (2026-03-08, 02:00 EST → 03:00 EDT) right', () => {
    expect(instant('2026-03-08', '00:00', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(instant('2026-03-08', '01:59', 'America/New_York')).toBe('2026-03-08T06:59:00.000Z');
    // 02:00–02:59 never happen: the cutoff is the jump itself, 03:00 EDT.
    expect(instant('2026-03-08', '02:00', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    expect(instant('2026-03-08', '02:30', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    expect(instant('2026-03-08', '03:00', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    // These were an hour late before (the offset was taken at the wrong instant).
    expect(instant('2026-03-08', '04:30', 'America/New_York')).toBe('2026-03-08T08:30:00.000Z');
    expect(instant('2026-03-08', '06:00', 'America/New_York')).toBe('2026-03-08T10:00:00.000Z');
    expect(instant('2026-03-08', '14:00', 'America/New_York')).toBe('2026-03-08T18:00:00.000Z');
    expect(instant('2026-03-08', '23:59', 'America/New_York')).toBe('2026-03-09T03:59:00.000Z');
    expect(instant('2026-03-07', '23:00', 'America/New_York')).toBe('2026-03-08T04:00:00.000Z');
  });

  it('gets every cutoff of the New York fall-back day (2026-11-01, 02:00 EDT → 01:00 EST) right', () => {
    expect(instant('2026-11-01', '00:30', 'America/New_York')).toBe('2026-11-01T04:30:00.000Z');
    // 01:00–01:59 happen twice: the cutoff is the first time (EDT).
    expect(instant('2026-11-01', '01:00', 'America/New_York')).toBe('2026-11-01T05:00:00.000Z');
    expect(instant('2026-11-01', '01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    // These were an hour early before.
    expect(instant('2026-11-01', '02:00', 'America/New_York')).toBe('2026-11-01T07:00:00.000Z');
    expect(instant('2026-11-01', '03:00', 'America/New_York')).toBe('2026-11-01T08:00:00.000Z');
    expect(instant('2026-11-01', '05:59', 'America/New_York')).toBe('2026-11-01T10:59:00.000Z');
    expect(instant('2026-11-01', '14:00', 'America/New_York')).toBe('2026-11-01T19:00:00.000Z');
    expect(instant('2026-10-31', '23:30', 'America/New_York')).toBe('2026-11-01T03:30:00.000Z');
  });

  it('gets the London clock changes right (2026-03-29 01:00 GMT → 02:00 BST, 2026-10-25 02:00 BST → 01:00 GMT)', () => {
    expect(instant('2026-03-29', '00:30', 'Europe/London')).toBe('2026-03-29T00:30:00.000Z');
    expect(instant('2026-03-29', '01:30', 'Europe/London')).toBe('2026-03-29T01:00:00.000Z');
    expect(instant('2026-03-29', '02:00', 'Europe/London')).toBe('2026-03-29T01:00:00.000Z');
    expect(instant('2026-03-29', '14:00', 'Europe/London')).toBe('2026-03-29T13:00:00.000Z');
    expect(instant('2026-10-25', '01:30', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z');
    expect(instant('2026-10-25', '02:00', 'Europe/London')).toBe('2026-10-25T02:00:00.000Z');
    expect(instant('2026-10-25', '14:00', 'Europe/London')).toBe('2026-10-25T14:00:00.000Z');
  });

  it('takes any cutoff of every day of a year to an instant whose clock shows it (or the jump past it)', () => {
    for (const zone of ['America/New_York', 'Europe/London', 'Australia/Lord_Howe']) {
      const clock = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' });
      for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += 24 * 3600_000) {
        const date = new Date(day).toISOString().slice(0, 10);
        for (const time of ['01:30', '02:30', '14:00']) {
          const cutoff = zonedInstant(date, time, zone);
          // The clock shows the cutoff (or later, past a gap) at the cutoff, and an earlier time a minute before.
          expect(clock.format(cutoff) >= `${date} ${time}`).toBe(true);
          expect(clock.format(new Date(cutoff.getTime() - 60_000)) < `${date} ${time}`).toBe(true);
        }
      }
    }
  });

  it('puts the cutoff where the settlement cron fires, so a scheduled run always finds it reached', () => {
    const now = Settings.now;
    try {
      for (const [date, time] of [['2026-03-08', '02:30'], ['2026-03-08', '14:00'], ['2026-11-01', '01:30'], ['2026-11-01', '14:00']]) {
        // Around midnight in New York (04:00Z); next_settlement_at on /api/v2/wallets/calculation is this sendAt().
        Settings.now = () => Date.parse(`${date}T04:00:00Z`);
        const [hour, minute] = time.split(':').map(Number);
        const fires = new CronTime(`${minute} ${hour} * * *`, 'America/New_York').sendAt().toJSDate();
        expect(fires.toISOString()).toBe(instant(date, time, 'America/New_York'));
      }
    } finally {
      Settings.now = now;
    }
  });

  it('refuses what is not a date, a time or a zone', () => {
    expect(zonedInstant('2026-02-30', '14:00', 'Asia/Jakarta').getTime()).toBeNaN();
    expect(zonedInstant('2026-11-22', '25:00', 'Asia/Jakarta').getTime()).toBeNaN();
    expect(zonedInstant('20261122', '14:00', 'Asia/Jakarta').getTime()).toBeNaN();
    expect(zonedInstant('2026-11-22', '14:00', 'Mars/Olympus').getTime()).toBeNaN();
  });
});

import { DateTime, IANAZone } from 'luxon';
import { DomainError } from './errors/domain-error';

/** Asia/Jakarta is UTC+7 all year (no daylight saving). */
const OFFSET_MS = 7 * 60 * 60 * 1000;
const SPEC_FORMAT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** `YYYY-MM-DD HH:mm:ss` in Jakarta time, the spec's expiration_date format. */
export function formatJakarta(date: Date): string {
  return new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Reads the spec's `YYYY-MM-DD HH:mm:ss` (Jakarta) or any ISO 8601 timestamp. */
export function parseJakartaOrIso(field: string, value: string): Date {
  const spec = SPEC_FORMAT.exec(value.trim());
  const parsed = spec ? new Date(`${spec[1]}-${spec[2]}-${spec[3]}T${spec[4]}:${spec[5]}:${spec[6]}+07:00`) : new Date(value);
  if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    throw new DomainError('API_VALIDATION_ERROR', `${field} must be "YYYY-MM-DD HH:mm:ss" (Asia/Jakarta) or ISO 8601`, [
      { field, message: `${field} must be "YYYY-MM-DD HH:mm:ss" (Asia/Jakarta) or ISO 8601` },
    ]);
  }
  return parsed;
}

/** `2026-11-22T14:00:00+07:00`: an instant in Jakarta time with its offset, to the second (finance exports). */
export function jakartaIso(instant: Date): string {
  return `${formatJakarta(instant).replace(' ', 'T')}+07:00`;
}

/** The calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function zonedDate(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() ?? 'Invalid Date';
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * The instant the clocks of `timeZone` first show wall-clock `HH:mm` (or later) on `date`,
 * daylight saving included: e.g. 14:00 America/New_York is 18:00Z in summer, 19:00Z in winter.
 * On the days the clocks change:
 * - in a gap (spring forward: 02:30 on 2026-03-08 never happens in New York) it is the
 *   instant the clocks jump past it (03:00 EDT, 07:00Z): everything before it happened
 *   before 02:30 local time, everything after it after;
 * - in an overlap (fall back: 01:30 on 2026-11-01 happens twice in New York) it is the
 *   first time (01:30 EDT, 05:30Z).
 * Both are when a cron set to that time fires, so a run started by the cron always finds
 * its cutoff reached. An invalid date, time or zone gives an invalid Date.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const wallClock = DateTime.fromISO(`${date}T${time}`, { zone: 'utc' });
  const zone = IANAZone.create(timeZone);
  if (!wallClock.isValid || !zone.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return new Date(NaN);
  const target = wallClock.toMillis();
  const wallClockAt = (instant: number) => instant + zone.offset(instant) * MINUTE_MS;
  // The instants the wall clock could be, one per offset the zone has around that day.
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((shift) => zone.offset(target + shift)));
  const candidates = [...offsets].map((offset) => target - offset * MINUTE_MS);
  const exact = candidates.filter((instant) => wallClockAt(instant) === target);
  if (exact.length) return new Date(Math.min(...exact));
  // In a gap: between the candidates the clocks jump from before `time` to after it; find where.
  let before = Math.min(...candidates);
  let after = Math.max(...candidates);
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (wallClockAt(middle) < target) before = middle;
    else after = middle;
  }
  return new Date(after);
}

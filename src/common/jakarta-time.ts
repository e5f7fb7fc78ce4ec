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

/** Milliseconds `timeZone` is ahead of UTC at `instant`. */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallClock - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function zonedDate(instant: Date, timeZone: string): string {
  return new Date(instant.getTime() + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 10);
}

/** The instant of wall-clock `HH:mm` on `date` in `timeZone`. */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  return new Date(guess.getTime() - zoneOffsetMs(guess, timeZone));
}

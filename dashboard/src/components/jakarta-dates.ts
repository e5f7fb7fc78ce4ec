/** Asia/Jakarta is UTC+7 all year (no daylight saving). */
const JAKARTA_OFFSET = '+07:00';
const DAY_MS = 24 * 60 * 60 * 1000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant a Jakarta calendar day (`YYYY-MM-DD`) starts, or undefined for an empty or malformed day. */
export function jakartaDayStart(day: string): Date | undefined {
  if (!DAY.test(day)) return undefined;
  const start = new Date(`${day}T00:00:00${JAKARTA_OFFSET}`);
  return Number.isNaN(start.getTime()) ? undefined : start;
}

/**
 * The API's `created_after` / `created_before` (ISO 8601) for "created from day `from` to day
 * `to`", both Jakarta days and both included: `to` ends when the next Jakarta day starts.
 */
export function createdBetween(from: string, to: string): { created_after?: string; created_before?: string } {
  const after = jakartaDayStart(from);
  const toStart = jakartaDayStart(to);
  return {
    ...(after ? { created_after: after.toISOString() } : {}),
    ...(toStart ? { created_before: new Date(toStart.getTime() + DAY_MS).toISOString() } : {}),
  };
}

/**
 * The API's Jakarta wall-clock `YYYY-MM-DD HH:mm:ss` (e.g. `expiration_date`) as an instant;
 * `new Date()` would read it in the browser's own zone. ISO strings pass through.
 */
export function fromJakartaWallClock(value: string): Date {
  const wallClock = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(value);
  return new Date(wallClock ? `${wallClock[1]}T${wallClock[2]}${JAKARTA_OFFSET}` : value);
}

/** A `datetime-local` input's value, read as Jakarta time, in the API's `YYYY-MM-DD HH:mm:ss`. */
export function toJakartaWallClock(datetimeLocal: string): string {
  const [date, time = '00:00'] = datetimeLocal.split('T');
  return `${date} ${time.length === 5 ? `${time}:00` : time}`;
}

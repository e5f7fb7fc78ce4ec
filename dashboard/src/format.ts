/**
 * Money and time as merchants in Indonesia read them: `Rp 10.000.000` (id-ID grouping, whole
 * rupiah) and Asia/Jakarta wall-clock times, whatever the browser's own time zone.
 */
export const JAKARTA = 'Asia/Jakarta';

const rupiah = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0, minimumFractionDigits: 0 });

/** `Rp 10.000.000`; negative as `−Rp 5.000`. Accepts the API's number-or-decimal-string integers. */
export function formatRupiah(amount: number | string | bigint | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const value = typeof amount === 'string' ? BigInt(amount) : amount;
  const negative = typeof value === 'bigint' ? value < 0n : value < 0;
  const absolute = typeof value === 'bigint' ? (negative ? -value : value) : Math.abs(value);
  return `${negative ? '−' : ''}Rp ${rupiah.format(absolute)}`;
}

/** The API's integers (a JSON number, or a decimal string beyond 2^53) as a bigint for sums. */
export function toBigInt(amount: number | string | null | undefined): bigint {
  if (amount === null || amount === undefined) return 0n;
  return BigInt(amount);
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: JAKARTA,
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const dateOnly = new Intl.DateTimeFormat('en-CA', { timeZone: JAKARTA, year: 'numeric', month: '2-digit', day: '2-digit' });

/** `22 Nov 2026, 14:00 WIB` (Asia/Jakarta). */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '—';
  return `${dateTime.format(date)} WIB`;
}

/** The Asia/Jakarta calendar date `YYYY-MM-DD` of an instant. */
export function jakartaDate(value: Date = new Date()): string {
  return dateOnly.format(value);
}

/**
 * The next daily settlement: 14:00 Asia/Jakarta (UTC+7, no daylight saving) today if it is
 * not past yet, otherwise tomorrow.
 */
export function nextSettlement(now: Date = new Date()): Date {
  const today = jakartaDate(now);
  const todayAt14 = new Date(`${today}T14:00:00+07:00`);
  if (now.getTime() < todayAt14.getTime()) return todayAt14;
  return new Date(todayAt14.getTime() + 24 * 60 * 60 * 1000);
}

/** First day of the current Jakarta month and today, as `YYYY-MM-DD` (a statement's default period). */
export function currentMonthPeriod(now: Date = new Date()): { from: string; to: string } {
  const today = jakartaDate(now);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

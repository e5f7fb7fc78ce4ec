import { DomainError } from '../../common/errors/domain-error';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const JAKARTA_OFFSET = '+07:00';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `from` / `to` of a statement. A plain date is a whole business day in Asia/Jakarta
 * (`to=2026-11-22` includes that day); a timestamp is taken as given. `from` is
 * inclusive, the resolved `to` exclusive.
 */
export function statementPeriod(from?: string, to?: string): { from?: Date; to?: Date } {
  const start = from === undefined ? undefined : parseBound('from', from);
  let end = to === undefined ? undefined : parseBound('to', to);
  if (end && to && DATE_ONLY.test(to)) end = new Date(end.getTime() + DAY_MS);
  if (start && end && start >= end) {
    throw new DomainError('API_VALIDATION_ERROR', 'from must be before to', [{ field: 'from', message: 'from must be before to' }]);
  }
  return { from: start, to: end };
}

function parseBound(field: string, value: string): Date {
  const date = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00${JAKARTA_OFFSET}` : value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new DomainError('API_VALIDATION_ERROR', `${field} must be an ISO 8601 date or timestamp`, [
      { field, message: `${field} must be an ISO 8601 date (YYYY-MM-DD) or timestamp` },
    ]);
  }
  return date;
}

import { DomainError } from '../../common/errors/domain-error';
import { statementPeriod } from './statement-period';

describe('statementPeriod', () => {
  it('reads plain dates as whole Asia/Jakarta days', () => {
    const { from, to } = statementPeriod('2026-11-01', '2026-11-30');
    expect(from?.toISOString()).toBe('2026-10-31T17:00:00.000Z');
    expect(to?.toISOString()).toBe('2026-11-30T17:00:00.000Z');
  });

  it('takes timestamps as given', () => {
    const { from, to } = statementPeriod('2026-11-01T08:00:00Z', '2026-11-01T16:00:00+07:00');
    expect(from?.toISOString()).toBe('2026-11-01T08:00:00.000Z');
    expect(to?.toISOString()).toBe('2026-11-01T09:00:00.000Z');
  });

  it('allows open ends', () => {
    expect(statementPeriod()).toEqual({ from: undefined, to: undefined });
    expect(statementPeriod(undefined, '2026-11-02').to?.toISOString()).toBe('2026-11-02T17:00:00.000Z');
  });

  it('rejects nonsense and reversed periods', () => {
    expect(() => statementPeriod('yesterday')).toThrow(DomainError);
    expect(() => statementPeriod('2026-13-45')).toThrow(/from must be an ISO 8601/);
    expect(() => statementPeriod('2026-11-02', '2026-11-01')).toThrow(/from must be before to/);
  });
});

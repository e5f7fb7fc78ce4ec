import { agrees, balanceDiffers, byProvider, type ReconciliationReport } from './reconciliation';

const report = (overrides: Partial<ReconciliationReport> = {}): ReconciliationReport => ({
  generated_at: '2026-11-22T07:00:00.000Z',
  since: '2026-11-21T07:00:00.000Z',
  balances: [
    { provider: 'xendit', reported_balance: 5_000, ledger_balance: 5_000, difference: 0, error: null },
    { provider: 'duitku', reported_balance: 4_000, ledger_balance: 5_000, difference: -1_000, error: null },
  ],
  disbursements: [],
  payouts_in_doubt: [],
  payments: [],
  provider_events: [],
  ...overrides,
});

const event = (provider: string, outcome: 'unmatched' | 'conflict') => ({ provider, outcome, event_id: `${provider}-${outcome}`, event_type: 'virtual_account.paid', detail: null, received_at: '2026-11-22T06:00:00.000Z' });

describe('reconciliation per provider', () => {
  it('keeps the balance lines in order, and adds providers only rows name', () => {
    const lines = byProvider(report({ provider_events: [event('sandbox', 'unmatched'), event('xendit', 'unmatched'), event('xendit', 'conflict')] }));
    expect(lines.map((line) => line.provider)).toEqual(['xendit', 'duitku', 'sandbox']);
    expect(lines[0].unmatched).toHaveLength(1);
    expect(lines[0].conflicts).toHaveLength(1);
    expect(lines[2].balance).toBeUndefined();
    expect(lines[2].unmatched).toHaveLength(1);
  });

  it('a provider agrees when its balance matches and no row names it', () => {
    const [xendit, duitku] = byProvider(report());
    expect(agrees(xendit)).toBe(true);
    expect(agrees(duitku)).toBe(false);
    expect(agrees(byProvider(report({ payouts_in_doubt: [{ provider: 'xendit' } as ReconciliationReport['payouts_in_doubt'][number]] }))[0])).toBe(false);
  });

  it('a balance that could not be asked, or beyond 2^53, still counts exactly', () => {
    expect(balanceDiffers({ provider: 'xendit', reported_balance: null, ledger_balance: 1, difference: null, error: 'timeout' })).toBe(true);
    expect(balanceDiffers({ provider: 'xendit', reported_balance: 1, ledger_balance: '9007199254740993', difference: '0', error: null })).toBe(false);
    expect(balanceDiffers(undefined)).toBe(false);
  });
});

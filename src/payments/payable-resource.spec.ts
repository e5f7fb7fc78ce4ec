import { effectiveStatus, paymentRefusal, PayableRow } from './payable-resource';

const row = (overrides: Partial<PayableRow>): PayableRow => ({
  id: 'a'.repeat(32),
  merchant_id: 'm',
  environment: 'development',
  external_id: 'x',
  name: 'n',
  expected_amount: 1000,
  is_single_use: true,
  status: 'unpaid',
  expiration_date: new Date('2100-01-01T00:00:00Z'),
  provider: 'sandbox',
  provider_reference: null,
  sandbox_pay_at: null,
  created_at: new Date(),
  ...overrides,
});

describe('payable resources', () => {
  const now = new Date('2026-11-22T00:00:00Z');
  const past = new Date('2026-11-21T00:00:00Z');

  it('shows an unpaid resource past its expiration date as expired', () => {
    expect(effectiveStatus(row({}), now)).toBe('unpaid');
    expect(effectiveStatus(row({ expiration_date: past }), now)).toBe('expired');
    expect(effectiveStatus(row({ expiration_date: past, status: 'pending' }), now)).toBe('pending');
  });

  it('refuses payments when expired or single-use and paid; multi-use takes many', () => {
    expect(paymentRefusal(row({}), 0, now)).toBeUndefined();
    expect(paymentRefusal(row({}), 1, now)).toMatch(/single-use/);
    expect(paymentRefusal(row({ is_single_use: false }), 5, now)).toBeUndefined();
    expect(paymentRefusal(row({ expiration_date: past }), 0, now)).toMatch(/expired at 2026-11-21 07:00:00/);
  });
});

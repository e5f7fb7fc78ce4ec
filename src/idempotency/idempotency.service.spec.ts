import { requestFingerprint } from './idempotency.service';

describe('idempotency request fingerprint', () => {
  it('is the same for the same request whatever the key order', () => {
    expect(requestFingerprint('POST', '/api/v2/create-disbursement', { a: 1, b: { c: 2, d: [1, 2] } })).toBe(
      requestFingerprint('POST', '/api/v2/create-disbursement', { b: { d: [1, 2], c: 2 }, a: 1 }),
    );
  });

  it('differs when the body, path or method differ', () => {
    const base = requestFingerprint('POST', '/x', { amount: 1 });
    expect(requestFingerprint('POST', '/x', { amount: 2 })).not.toBe(base);
    expect(requestFingerprint('POST', '/y', { amount: 1 })).not.toBe(base);
    expect(requestFingerprint('PUT', '/x', { amount: 1 })).not.toBe(base);
  });
});

import { createHash } from 'node:crypto';
import { duitkuCallbackSignatureValid, secretsEqual } from './webhook-authenticity';

describe('webhook authenticity', () => {
  it('compares tokens exactly, whatever their length', () => {
    expect(secretsEqual('token-123', 'token-123')).toBe(true);
    expect(secretsEqual('token-12', 'token-123')).toBe(false);
    expect(secretsEqual(undefined, 'token')).toBe(false);
    expect(secretsEqual('token', null)).toBe(false);
  });

  it("checks Duitku's clearing callback signature formula", () => {
    const body = {
      disburseId: '12345', userId: 3551, email: 'ops@example.com', bankCode: '014', bankAccount: '8760673466', amountTransfer: 50000,
      accountName: 'Test Account', custRefNumber: '000000001278', statusCode: '00', signature: '',
    };
    body.signature = createHash('sha256').update('ops@example.com0148760673466Test Account00000000127850000' + '12345' + 'secret').digest('hex');
    expect(duitkuCallbackSignatureValid(body, 'secret')).toBe(true);
    expect(duitkuCallbackSignatureValid({ ...body, amountTransfer: 50001 }, 'secret')).toBe(false);
    expect(duitkuCallbackSignatureValid(body, 'other-secret')).toBe(false);
  });
});

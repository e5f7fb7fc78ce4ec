import { createHash } from 'node:crypto';
import { duitkuFailureCode, duitkuSignature, judgeCallback, judgeInquiry, judgeTransfer } from './duitku-codes';

describe('Duitku response codes', () => {
  it.each(['TO', '68', '-100', '-951', '-142', 'XYZ'])('a transfer answered %s is in doubt: checked, never sent again', (code) => {
    expect(judgeTransfer(code)).toEqual({ kind: 'in_doubt' });
  });

  it.each([
    ['LD', 'SWITCHING_NETWORK_ERROR'],
    ['91', 'TEMPORARY_BANK_NETWORK_ERROR'],
    ['89', 'SWITCHING_NETWORK_ERROR'],
    ['-510', 'TEMPORARY_TRANSFER_ERROR'],
    ['NF', 'TEMPORARY_BANK_NETWORK_ERROR'],
  ])('a transfer answered %s moved no money and may fail over (%s)', (code, failureCode) => {
    expect(judgeTransfer(code)).toEqual({ kind: 'failed', failureCode, failover: true });
  });

  it.each(['76', '90', '14', '-192'])('%s rejects the destination: failed for good', (code) => {
    expect(judgeTransfer(code)).toEqual({ kind: 'failed', failureCode: 'INVALID_DESTINATION', failover: false });
    expect(judgeInquiry(code)).toEqual({ kind: 'failed', failureCode: 'INVALID_DESTINATION', failover: false });
  });

  it('success, H2H waiting for its callback, and an inquiry that timed out', () => {
    expect(judgeTransfer('00')).toEqual({ kind: 'success' });
    expect(judgeTransfer('80')).toEqual({ kind: 'awaiting_callback' });
    expect(judgeInquiry('TO')).toEqual({ kind: 'failed', failureCode: 'TEMPORARY_BANK_NETWORK_ERROR', failover: true });
  });

  it('callback status codes', () => {
    expect(judgeCallback('00')).toEqual({ kind: 'success' });
    expect(judgeCallback('68')).toEqual({ kind: 'in_doubt' });
    expect(judgeCallback('01')).toEqual({ kind: 'failed', failureCode: 'REJECTED_BY_BANK', failover: true });
  });

  it('request errors are ours, not the bank network', () => {
    expect(duitkuFailureCode('-191')).toBe('TRANSFER_ERROR');
  });

  it('signs as SHA-256 hex of the fields concatenated in order', () => {
    const expected = createHash('sha256').update('ops@example.com1637308830041secret').digest('hex');
    expect(duitkuSignature('ops@example.com', 1637308830041, 'secret')).toBe(expected);
  });
});

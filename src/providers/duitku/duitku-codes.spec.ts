import { createHash } from 'node:crypto';
import { duitkuFailureCode, duitkuPurpose, duitkuSignature, judgeCallback, judgeInquiry, judgeStatus, judgeTransfer } from './duitku-codes';

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
    expect(judgeCallback('01')).toEqual({ kind: 'failed', failureCode: 'REJECTED_BY_BANK', failover: false });
  });

  it.each(['EE', 'TO', 'LD', 'NF', '68', '-100', '-120', '-123', '-142', '-191', '-213', '-420', '-930', '-951', '-952', '-960', '12', '66', '89', '91', 'XYZ'])(
    'a status check answered %s says nothing certain about the transfer: still in doubt',
    (code) => {
      expect(judgeStatus(code)).toEqual({ kind: 'in_doubt' });
    },
  );

  it.each([
    ['76', 'INVALID_DESTINATION'],
    ['-192', 'INVALID_DESTINATION'],
    ['01', 'REJECTED_BY_BANK'],
    ['-510', 'TEMPORARY_TRANSFER_ERROR'],
    ['-920', 'TRANSFER_ERROR'],
  ])('a status check answered %s declines the transfer: failed, never failed over (%s)', (code, failureCode) => {
    expect(judgeStatus(code)).toEqual({ kind: 'failed', failureCode, failover: false });
  });

  it('a status check answered 00 or 80', () => {
    expect(judgeStatus('00')).toEqual({ kind: 'success' });
    expect(judgeStatus('80')).toEqual({ kind: 'awaiting_callback' });
  });

  it('request errors are ours, not the bank network', () => {
    expect(duitkuFailureCode('-191')).toBe('TRANSFER_ERROR');
  });

  it('signs as SHA-256 hex of the fields concatenated in order', () => {
    const expected = createHash('sha256').update('ops@example.com1637308830041secret').digest('hex');
    expect(duitkuSignature('ops@example.com', 1637308830041, 'secret')).toBe(expected);
  });

  it("cuts the purpose to Duitku's string(255) without splitting a character", () => {
    expect(duitkuPurpose('Gaji November')).toBe('Gaji November');
    const long = `${'a'.repeat(254)}😀${'b'.repeat(100)}`;
    expect(duitkuPurpose(long)).toBe(`${'a'.repeat(254)}😀`);
    expect(Array.from(duitkuPurpose('x'.repeat(500)))).toHaveLength(255);
  });
});

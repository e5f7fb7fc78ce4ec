import { createHash } from 'node:crypto';
import { duitkuFailureCode, duitkuPurpose, duitkuSignature, judgeCallback, judgeInquiry, judgeStatus, judgeTransfer } from './duitku.transformers';

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

/**
 * Every code of Duitku's Status Code, Vendor Response Code and Error Code tables (and 89 from
 * its test scenarios): our failure code when it ends an attempt, and what it says in answer
 * to a transfer and to a status check.
 */
describe('every documented Duitku code', () => {
  type Transfer = 'not moved' | 'in doubt' | 'awaiting callback';
  type Status = 'declined' | 'in doubt' | 'awaiting callback';
  const T = 'TEMPORARY_BANK_NETWORK_ERROR';
  const codes: [string, string, Transfer, Status][] = [
    ['EE', T, 'not moved', 'in doubt'],
    ['TO', T, 'in doubt', 'in doubt'],
    ['LD', 'SWITCHING_NETWORK_ERROR', 'not moved', 'in doubt'],
    ['NF', T, 'not moved', 'in doubt'],
    ['76', 'INVALID_DESTINATION', 'not moved', 'declined'],
    ['80', T, 'awaiting callback', 'awaiting callback'],
    ['-100', 'TRANSFER_ERROR', 'in doubt', 'in doubt'],
    ['-120', 'TRANSFER_ERROR', 'not moved', 'in doubt'],
    ['-123', 'TRANSFER_ERROR', 'not moved', 'in doubt'],
    ['-141', 'TRANSFER_ERROR', 'not moved', 'declined'],
    ['-142', 'TRANSFER_ERROR', 'in doubt', 'in doubt'],
    ['-148', 'TRANSFER_ERROR', 'not moved', 'declined'],
    ['-149', 'TRANSFER_ERROR', 'not moved', 'declined'],
    ['-161', 'TRANSFER_ERROR', 'not moved', 'in doubt'],
    ['-191', 'TRANSFER_ERROR', 'not moved', 'in doubt'],
    ['-192', 'INVALID_DESTINATION', 'not moved', 'declined'],
    ['-213', 'TRANSFER_ERROR', 'not moved', 'in doubt'],
    ['-420', 'TRANSFER_ERROR', 'in doubt', 'in doubt'],
    ['-510', 'TEMPORARY_TRANSFER_ERROR', 'not moved', 'declined'],
    ['-920', 'TRANSFER_ERROR', 'not moved', 'declined'],
    ['-930', 'TRANSFER_ERROR', 'not moved', 'in doubt'],
    ['-951', 'TRANSFER_ERROR', 'in doubt', 'in doubt'],
    ['-952', 'TRANSFER_ERROR', 'not moved', 'in doubt'],
    ['-960', 'TRANSFER_ERROR', 'not moved', 'in doubt'],
    ['01', 'REJECTED_BY_BANK', 'not moved', 'declined'],
    ['03', T, 'in doubt', 'in doubt'],
    ['04', T, 'in doubt', 'in doubt'],
    ['05', 'REJECTED_BY_BANK', 'not moved', 'declined'],
    ['12', T, 'not moved', 'in doubt'],
    ['13', 'TRANSFER_ERROR', 'not moved', 'declined'],
    ['14', 'INVALID_DESTINATION', 'not moved', 'declined'],
    ['15', T, 'in doubt', 'in doubt'],
    ['20', T, 'in doubt', 'in doubt'],
    ['30', 'TRANSFER_ERROR', 'not moved', 'declined'],
    ['31', 'TRANSFER_ERROR', 'not moved', 'declined'],
    ['33', T, 'in doubt', 'in doubt'],
    ['36', T, 'in doubt', 'in doubt'],
    ['38', T, 'in doubt', 'in doubt'],
    ['39', T, 'in doubt', 'in doubt'],
    ['40', T, 'in doubt', 'in doubt'],
    ['41', T, 'in doubt', 'in doubt'],
    ['43', T, 'in doubt', 'in doubt'],
    ['51', 'TEMPORARY_TRANSFER_ERROR', 'not moved', 'declined'],
    ['52', T, 'in doubt', 'in doubt'],
    ['66', T, 'not moved', 'in doubt'],
    ['68', T, 'in doubt', 'in doubt'],
    ['88', T, 'in doubt', 'in doubt'],
    ['89', 'SWITCHING_NETWORK_ERROR', 'not moved', 'in doubt'],
    ['90', 'INVALID_DESTINATION', 'not moved', 'declined'],
    ['91', T, 'not moved', 'in doubt'],
  ];

  it.each(codes)('%s: %s; a transfer %s, a status check %s', (code, failureCode, transfer, status) => {
    const failover = failureCode !== 'INVALID_DESTINATION';
    expect(duitkuFailureCode(code)).toBe(failureCode);
    expect(judgeInquiry(code)).toEqual({ kind: 'failed', failureCode, failover });
    expect(judgeTransfer(code)).toEqual(
      transfer === 'not moved' ? { kind: 'failed', failureCode, failover } : { kind: transfer === 'in doubt' ? 'in_doubt' : 'awaiting_callback' },
    );
    expect(judgeStatus(code)).toEqual(
      status === 'declined' ? { kind: 'failed', failureCode, failover: false } : { kind: status === 'in doubt' ? 'in_doubt' : 'awaiting_callback' },
    );
  });

  it('00 succeeds everywhere', () => {
    for (const judge of [judgeInquiry, judgeTransfer, judgeStatus, judgeCallback]) expect(judge('00')).toEqual({ kind: 'success' });
  });

  it.each(['XYZ', '99', '', '-999', 'toString', '__proto__'])('the undocumented code %p leaves a transfer in doubt and ends an inquiry', (code) => {
    const failureCode = code.startsWith('-') ? 'TRANSFER_ERROR' : 'TEMPORARY_BANK_NETWORK_ERROR';
    expect(judgeTransfer(code)).toEqual({ kind: 'in_doubt' });
    expect(judgeStatus(code)).toEqual({ kind: 'in_doubt' });
    expect(judgeInquiry(code)).toEqual({ kind: 'failed', failureCode, failover: true });
    expect(judgeCallback(code)).toEqual({ kind: 'in_doubt' });
  });
});

import type { PayoutState } from '../../domain/payouts';
import { xenditCreateRefusalOutcome, xenditDisbursementOutcome, xenditName } from './xendit.transformers';

const queued: PayoutState = { stage: 'queued', reference: null, data: null };

describe('Xendit transformers', () => {
  describe('a disbursement status (Get Disbursement, Disbursement Callback)', () => {
    it('PENDING: Xendit has it; checked again later', () => {
      expect(xenditDisbursementOutcome('PENDING', undefined, 'disb-1', queued)).toEqual({
        kind: 'waiting',
        state: { stage: 'submitted', reference: 'disb-1', data: null },
      });
    });

    it('COMPLETED: paid, with Xendit id as the reference', () => {
      expect(xenditDisbursementOutcome('COMPLETED', undefined, 'disb-1', queued)).toEqual({ kind: 'completed', reference: 'disb-1' });
    });

    // Every failure_code of the Disbursement Callback doc is ours under the same name.
    it.each([
      'INSUFFICIENT_BALANCE',
      'UNKNOWN_BANK_NETWORK_ERROR',
      'TEMPORARY_BANK_NETWORK_ERROR',
      'INVALID_DESTINATION',
      'SWITCHING_NETWORK_ERROR',
      'REJECTED_BY_BANK',
      'TRANSFER_ERROR',
      'TEMPORARY_TRANSFER_ERROR',
    ])('FAILED with %s: failed with that code, never failed over (Xendit accepted it first)', (code) => {
      expect(xenditDisbursementOutcome('FAILED', code, 'disb-1', queued)).toEqual({ kind: 'failed', failureCode: code, failover: false });
    });

    it.each([undefined, null, '', 'SOMETHING_NEW', 'toString'])('FAILED with the undocumented failure_code %p: UNKNOWN_BANK_NETWORK_ERROR', (code) => {
      expect(xenditDisbursementOutcome('FAILED', code, 'disb-1', queued)).toEqual({ kind: 'failed', failureCode: 'UNKNOWN_BANK_NETWORK_ERROR', failover: false });
    });

    it.each([undefined, 'REVERSED', 'completed', 'constructor'])('the undocumented status %p is still with Xendit, like PENDING', (status) => {
      const data = { notFoundSince: '2026-01-01T00:00:00.000Z' };
      expect(xenditDisbursementOutcome(status, undefined, 'disb-2', { stage: 'submitting', reference: null, data })).toEqual({
        kind: 'waiting',
        state: { stage: 'submitted', reference: 'disb-2', data },
      });
    });
  });

  describe('a create refused with HTTP 4xx (Create Disbursement Errors)', () => {
    it.each([
      ['API_VALIDATION_ERROR', 'TRANSFER_ERROR'],
      ['INVALID_JSON_FORMAT', 'TRANSFER_ERROR'],
      ['DISBURSEMENT_DESCRIPTION_NOT_FOUND_ERROR', 'TRANSFER_ERROR'],
      ['DIRECT_DISBURSEMENT_BALANCE_INSUFFICIENT_ERROR', 'TEMPORARY_TRANSFER_ERROR'],
      ['BANK_CODE_NOT_SUPPORTED_ERROR', 'TRANSFER_ERROR'],
      ['RECIPIENT_AMOUNT_ERROR', 'TRANSFER_ERROR'],
      ['MAXIMUM_TRANSFER_LIMIT_ERROR', 'TRANSFER_ERROR'],
      ['REQUEST_FORBIDDEN_ERROR', 'TRANSFER_ERROR'],
      ['AN_UNDOCUMENTED_ERROR', 'TRANSFER_ERROR'],
      ['', 'TRANSFER_ERROR'],
    ])('%s moved no money: failed as %s, another provider may try', (code, failureCode) => {
      expect(xenditCreateRefusalOutcome(code)).toEqual({ kind: 'failed', failureCode, failover: true });
    });

    it('RECIPIENT_ACCOUNT_NUMBER_ERROR: the destination is wrong, no provider will do better', () => {
      expect(xenditCreateRefusalOutcome('RECIPIENT_ACCOUNT_NUMBER_ERROR')).toEqual({ kind: 'failed', failureCode: 'INVALID_DESTINATION', failover: false });
    });

    it('DUPLICATE_TRANSACTION_ERROR: an earlier request arrived after all, so it is looked up', () => {
      expect(xenditCreateRefusalOutcome('DUPLICATE_TRANSACTION_ERROR')).toEqual({
        kind: 'advanced',
        state: { stage: 'submitted', reference: null, data: null },
      });
    });
  });

  it('names hold letters and spaces only', () => {
    expect(xenditName('PT. Maju-Jaya 2 ')).toBe('PT Maju Jaya');
    expect(xenditName('123 456')).toBe('Palladium Customer');
  });
});

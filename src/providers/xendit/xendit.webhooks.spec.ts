import type { Type } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import { AppConfig } from '../../config/app-config';
import { XenditWebhooks } from './xendit.webhooks';
import { XenditDisbursementDto, XenditRetailPaymentPaidDto, XenditVirtualAccountPaidDto, XenditVirtualAccountUpdatedDto } from './xendit-webhooks.dto';

const TOKEN = 'xendit-callback-token-0123456789abcdef';
const webhooks = new XenditWebhooks(AppConfig.fromEnv({ XENDIT_CALLBACK_TOKEN: TOKEN }));

/** The body as the route's validation pipe hands it over. */
function validated<T extends object>(dto: Type<T>, body: object): Promise<T> {
  return createValidationPipe().transform(body, { type: 'body', metatype: dto }) as Promise<T>;
}

function rejection(check: () => unknown): DomainError | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return error as DomainError;
  }
}

const vaPaid = {
  id: 'fvap-1', payment_id: 'pay-1', callback_virtual_account_id: 'fva-1', external_id: 'va-ours', amount: 250000,
  bank_code: 'SAHABAT_SAMPOERNA', merchant_code: '8248', account_number: '99991234', transaction_timestamp: '2026-11-22T03:04:05.000Z',
};
const codePaid = {
  fixed_payment_code_payment_id: 'fpcp-1', fixed_payment_code_id: 'fpc-1', payment_id: 'pay-2', external_id: 'code-ours', amount: 100000,
  payment_code: 'TEST123456', retail_outlet_name: 'ALFAMART',
};
const disbursement = { id: 'disb-1', external_id: 'payout-ours', status: 'FAILED', failure_code: 'REJECTED_BY_BANK', amount: 50000, bank_code: 'BCA', account_number: '1234567890' };

describe('Xendit webhooks', () => {
  describe('X-CALLBACK-TOKEN', () => {
    it('accepts the configured token', () => {
      expect(rejection(() => webhooks.verifyHeaders({ 'x-callback-token': TOKEN }))).toBeUndefined();
    });

    it.each([
      ['a wrong token', 'xendit-callback-token-0123456789abcdeX'],
      ['a shorter token', TOKEN.slice(0, -1)],
      ['a longer token', `${TOKEN}0`],
      ['an empty token', ''],
      ['no token', undefined],
      ['a repeated header', [TOKEN, TOKEN]],
    ])('refuses %s with INVALID_WEBHOOK_SIGNATURE', (_case, token) => {
      expect(rejection(() => webhooks.verifyHeaders({ 'x-callback-token': token }))?.code).toBe('INVALID_WEBHOOK_SIGNATURE');
    });

    it('refuses every token while none is configured', () => {
      const unconfigured = new XenditWebhooks(AppConfig.fromEnv({}));
      expect(rejection(() => unconfigured.verifyHeaders({ 'x-callback-token': TOKEN }))?.code).toBe('INVALID_WEBHOOK_SIGNATURE');
    });
  });

  describe('parsing', () => {
    it('a fixed virtual account payment: our account, Xendit ids, and the facts to agree with ours', async () => {
      const body = await validated(XenditVirtualAccountPaidDto, vaPaid);
      expect(webhooks.parse(body)).toEqual({
        kind: 'payment_received',
        product: 'virtual_account',
        eventId: 'virtual_account.paid:pay-1',
        eventType: 'virtual_account.paid',
        payload: body,
        resourceId: 'va-ours',
        providerReference: 'fva-1',
        providerPaymentId: 'pay-1',
        amount: 250000,
        paidAt: new Date('2026-11-22T03:04:05.000Z'),
        report: {
          facts: [
            { fact: 'bank', value: 'SAHABAT_SAMPOERNA', said: 'bank_code SAHABAT_SAMPOERNA' },
            { fact: 'account_number', value: '824899991234', said: 'account 824899991234 (merchant_code 8248 + account_number 99991234)' },
            { fact: 'amount', value: 250000, said: 'amount 250000' },
          ],
        },
      });
    });

    it.each(['bank_code', 'merchant_code', 'account_number'])('a payment without %s reports it missing', async (field) => {
      const body = await validated(XenditVirtualAccountPaidDto, { ...vaPaid, [field]: undefined });
      expect(webhooks.parse(body)).toMatchObject({ report: { missing: field } });
    });

    it('an unreadable transaction_timestamp leaves the payment time to us', async () => {
      const body = await validated(XenditVirtualAccountPaidDto, { ...vaPaid, transaction_timestamp: 'yesterday' });
      expect(webhooks.parse(body)).toMatchObject({ paidAt: undefined });
    });

    it('a fixed payment code payment', async () => {
      const body = await validated(XenditRetailPaymentPaidDto, codePaid);
      expect(webhooks.parse(body)).toMatchObject({
        kind: 'payment_received',
        product: 'retail_payment',
        eventId: 'retail_payment.paid:pay-2',
        eventType: 'retail_payment.paid',
        resourceId: 'code-ours',
        providerReference: 'fpc-1',
        providerPaymentId: 'pay-2',
        amount: 100000,
        paidAt: undefined,
        report: {
          facts: [
            { fact: 'retail_outlet', value: 'ALFAMART', said: 'retail_outlet_name ALFAMART' },
            { fact: 'payment_code', value: 'TEST123456', said: 'payment_code TEST123456' },
            { fact: 'amount', value: 100000, said: 'amount 100000' },
          ],
        },
      });
      const withoutCode = await validated(XenditRetailPaymentPaidDto, { ...codePaid, payment_code: undefined });
      expect(webhooks.parse(withoutCode)).toMatchObject({ report: { missing: 'payment_code' } });
    });

    it('a virtual account notice is identified by its update time, or its status without one', async () => {
      const notice = { id: 'fva-1', external_id: 'va-ours', status: 'ACTIVE' };
      expect(webhooks.parse(await validated(XenditVirtualAccountUpdatedDto, notice))).toMatchObject({
        kind: 'account_noticed',
        eventId: 'virtual_account.updated:fva-1:ACTIVE',
        eventType: 'virtual_account.updated',
        resourceId: 'va-ours',
        providerReference: 'fva-1',
        status: 'ACTIVE',
      });
      const updated = await validated(XenditVirtualAccountUpdatedDto, { ...notice, updated: '2026-11-22T03:04:05.000Z' });
      expect(webhooks.parse(updated)).toMatchObject({ eventId: 'virtual_account.updated:fva-1:2026-11-22T03:04:05.000Z' });
    });

    it('a disbursement callback: our payout, its outcome and what Xendit sent', async () => {
      const body = await validated(XenditDisbursementDto, disbursement);
      expect(webhooks.parse(body)).toEqual({
        kind: 'payout_reported',
        eventId: 'disbursement:disb-1:FAILED',
        eventType: 'disbursement.callback',
        payload: body,
        match: { id: 'payout-ours' },
        outcome: { kind: 'failed', failureCode: 'REJECTED_BY_BANK', failover: false },
        report: { facts: { amount: 50000, bankCode: 'BCA', accountNumber: '1234567890' } },
      });
      const completed = await validated(XenditDisbursementDto, { ...disbursement, status: 'COMPLETED', failure_code: undefined, account_number: undefined });
      expect(webhooks.parse(completed)).toMatchObject({
        outcome: { kind: 'completed', reference: 'disb-1' },
        report: { facts: { amount: 50000, bankCode: 'BCA', accountNumber: undefined } },
      });
    });

    it.each(['amount', 'bank_code'])('a disbursement callback without %s reports it missing', async (field) => {
      expect(webhooks.parse(await validated(XenditDisbursementDto, { ...disbursement, [field]: undefined }))).toMatchObject({ report: { missing: field } });
    });

    it('a body of another provider is a programming error, not an event', () => {
      expect(() => webhooks.parse({})).toThrow('Object is not a Xendit webhook');
    });
  });

  describe('malformed bodies are refused by their DTO before parsing', () => {
    it.each<[string, Type<object>, object]>([
      ['a payment without external_id', XenditVirtualAccountPaidDto, { ...vaPaid, external_id: undefined }],
      ['a payment of a fractional amount', XenditVirtualAccountPaidDto, { ...vaPaid, amount: 1.5 }],
      ['a code payment without payment_id', XenditRetailPaymentPaidDto, { ...codePaid, payment_id: '' }],
      ['a notice without status', XenditVirtualAccountUpdatedDto, { id: 'fva-1', external_id: 'va-ours' }],
      ['a disbursement with an undocumented status', XenditDisbursementDto, { ...disbursement, status: 'PENDING' }],
    ])('%s: API_VALIDATION_ERROR', async (_case, dto, body) => {
      await expect(validated(dto, body)).rejects.toMatchObject({ code: 'API_VALIDATION_ERROR' });
    });
  });
});

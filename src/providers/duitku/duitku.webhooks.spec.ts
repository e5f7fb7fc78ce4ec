import { createHash } from 'node:crypto';
import { DomainError } from '../../common/errors/domain-error';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import { AppConfig } from '../../config/app-config';
import { DuitkuWebhooks } from './duitku.webhooks';
import { DuitkuDisbursementCallbackDto } from './duitku-webhooks.dto';

const SECRET = 'secret';
const EMAIL = 'ops@example.com';
const configured = AppConfig.fromEnv({ DUITKU_USER_ID: '3551', DUITKU_EMAIL: EMAIL, DUITKU_SECRET_KEY: SECRET });
const webhooks = new DuitkuWebhooks(configured);

/** The doc's formula written out: SHA256(email + bankCode + bankAccount + accountName + custRefNumber + amountTransfer + disburseId + secretKey). */
function signed(body: Record<string, string | number>, secret = SECRET): Record<string, string | number> {
  const { email, bankCode, bankAccount, accountName, custRefNumber, amountTransfer, disburseId } = body;
  const signature = createHash('sha256').update(`${email}${bankCode}${bankAccount}${accountName}${custRefNumber}${amountTransfer}${disburseId}${secret}`).digest('hex');
  return { ...body, signature };
}

const callback = {
  disburseId: '12345', userId: 3551, email: EMAIL, bankCode: '014', bankAccount: '8760673466', amountTransfer: 50000,
  accountName: 'Test Account', custRefNumber: '000000001278', statusCode: '00', statusDesc: 'Success',
};

function validated(body: object): Promise<DuitkuDisbursementCallbackDto> {
  return createValidationPipe().transform(body, { type: 'body', metatype: DuitkuDisbursementCallbackDto }) as Promise<DuitkuDisbursementCallbackDto>;
}

async function verification(body: object, adapter = webhooks): Promise<DomainError | undefined> {
  const dto = await validated(body);
  try {
    adapter.verifyBody(dto);
    return undefined;
  } catch (error) {
    return error as DomainError;
  }
}

describe('Duitku webhooks', () => {
  describe('the Clearing Callback signature', () => {
    it("accepts Duitku's formula over the fields it sent, in either case", async () => {
      expect(await verification(signed(callback))).toBeUndefined();
      const upper = signed(callback);
      expect(await verification({ ...upper, signature: String(upper.signature).toUpperCase() })).toBeUndefined();
    });

    it.each<[string, Record<string, string | number>]>([
      ['a changed amount', { ...signed(callback), amountTransfer: 50001 }],
      ['a changed account', { ...signed(callback), bankAccount: '8760673467' }],
      ['another secret key', signed(callback, 'other-secret')],
      ['another merchant email, signed with our key', signed({ ...callback, email: 'someone@example.com' })],
      ['a truncated signature', { ...signed(callback), signature: String(signed(callback).signature).slice(0, 63) }],
    ])('refuses %s with INVALID_WEBHOOK_SIGNATURE', async (_case, body) => {
      expect((await verification(body))?.code).toBe('INVALID_WEBHOOK_SIGNATURE');
    });

    it('refuses every callback while Duitku is not configured', async () => {
      expect((await verification(signed(callback), new DuitkuWebhooks(AppConfig.fromEnv({}))))?.code).toBe('INVALID_WEBHOOK_SIGNATURE');
    });

    it('has no proof in the headers: nothing is checked before the body is read', () => {
      expect((webhooks as { verifyHeaders?: unknown }).verifyHeaders).toBeUndefined();
    });
  });

  describe('parsing', () => {
    it('a successful transfer: found by disburseId, completed, with what Duitku sent and no signature kept', async () => {
      const body = await validated(signed(callback));
      const event = webhooks.parse(body);
      expect(event).toEqual({
        kind: 'payout_reported',
        eventId: 'disbursement:12345:00',
        eventType: 'disbursement.callback',
        payload: { ...body, signature: undefined },
        match: { reference: '12345' },
        outcome: { kind: 'completed', reference: '12345' },
        report: { facts: { amount: 50000, bankCode: '014', accountNumber: '8760673466' } },
      });
      expect(JSON.parse(JSON.stringify(event.payload))).not.toHaveProperty('signature');
    });

    it.each([
      ['01', { kind: 'failed', failureCode: 'REJECTED_BY_BANK', failover: false }],
      ['68', { kind: 'waiting', state: { stage: 'submitted', reference: '777', data: null } }],
      ['99', { kind: 'waiting', state: { stage: 'submitted', reference: '777', data: null } }],
    ])('statusCode %s', async (statusCode, outcome) => {
      const event = webhooks.parse(await validated(signed({ ...callback, disburseId: 777, statusCode })));
      expect(event).toMatchObject({ eventId: `disbursement:777:${statusCode}`, match: { reference: '777' }, outcome });
    });

    it('a body of another provider is a programming error, not an event', () => {
      expect(() => webhooks.parse({})).toThrow('Object is not a Duitku webhook');
    });
  });

  describe('malformed bodies are refused by their DTO before verification', () => {
    it.each<[string, object]>([
      ['no signature', { ...callback }],
      ['no statusCode', { ...signed(callback), statusCode: undefined }],
      ['a fractional amount', { ...signed(callback), amountTransfer: 10.5 }],
      ['an empty disburseId', { ...signed(callback), disburseId: '' }],
    ])('%s: API_VALIDATION_ERROR', async (_case, body) => {
      await expect(validated(body)).rejects.toMatchObject({ code: 'API_VALIDATION_ERROR' });
    });
  });
});

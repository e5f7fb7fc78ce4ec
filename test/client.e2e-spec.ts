import type { AddressInfo } from 'node:net';
import { createPalladiumClient, isPalladiumError, PalladiumError, unwrap, type PalladiumClient } from '../clients/typescript/src';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The typed client (@palladium/client, clients/typescript) against the real server listening
 * on a port: what a merchant's developer does with it in the sandbox. Its types are generated
 * from the merchant OpenAPI document (npm run client:generate; the drift check is in
 * openapi-documents.e2e-spec.ts), so this file does not compile when a call drifts from the API.
 */
/** What a call that must fail threw. */
async function failure(call: Promise<unknown>): Promise<PalladiumError> {
  const outcome = await call.then(
    (data: unknown) => ({ data }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`Expected an error, got ${JSON.stringify(outcome.data)}`);
  return outcome.error as PalladiumError;
}

describe('@palladium/client against the running server', () => {
  let t: TestApp;
  let palladium: PalladiumClient;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/`;
    const merchant = await t.createMerchant();
    palladium = createPalladiumClient({ baseUrl, apiKey: merchant.api_keys.development });
  });
  afterAll(() => t.close());

  it('creates a virtual account and reads it back', async () => {
    const created = await unwrap(
      palladium.POST('/api/v2/create-virtual-account', {
        body: { external_id: 'order-client-1', bank_code: 'BNI', name: 'Toko Maju', amount: 150_000, is_single_use: true },
      }),
    );
    expect(created).toMatchObject({ external_id: 'order-client-1', bank_code: 'BNI', status: 'unpaid', amount: 150_000 });

    const read = await unwrap(palladium.GET('/api/v2/virtual-accounts/{id}', { params: { path: { id: created.id } } }));
    expect(read).toMatchObject({ id: created.id, account_number: created.account_number, status: 'unpaid' });

    // Found by its external_id too.
    const found = await unwrap(palladium.GET('/api/v2/virtual-accounts', { params: { query: { external_id: 'order-client-1' } } }));
    expect(found.map((account) => account.id)).toEqual([created.id]);
  });

  it('tops up the disburse wallet, creates a disbursement and reads it back', async () => {
    const topUp = await unwrap(palladium.POST('/api/v2/top-ups', { body: { amount: 1_000_000, transfer_reference: 'client-topup-1' } }));
    expect(topUp).toMatchObject({ status: 'approved', amount: 1_000_000 });

    const disbursement = await unwrap(
      palladium.POST('/api/v2/create-disbursement', {
        params: { header: { 'Idempotency-Key': 'client-disbursement-1' } },
        body: { external_id: 'payout-client-1', bank_code: 'BCA', account_name: 'James Bond', account_number: '12345678', description: 'Bayar Nasabah', amount: 250_000 },
      }),
    );
    expect(disbursement).toMatchObject({ external_id: 'payout-client-1', bank_code: 'BCA', amount: 250_000, status: 'pending' });

    const read = await unwrap(palladium.GET('/api/v2/disbursements/{id}', { params: { path: { id: disbursement.id } } }));
    expect(read).toMatchObject({ id: disbursement.id, status: 'pending', amount: 250_000 });

    const me = await unwrap(palladium.GET('/api/v2/me'));
    expect(Number(me.remaning_disbursable_amount)).toBe(750_000);
  });

  it('gives typed errors: { data, error } from a call, a PalladiumError from unwrap', async () => {
    const body = { external_id: 'payout-client-2', bank_code: 'NOT-A-BANK', account_name: 'James Bond', account_number: '12345678', description: 'x', amount: 10_000 };
    const { data, error, response } = await palladium.POST('/api/v2/create-disbursement', { body });
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    // Typed: error is the API's ErrorResponse.
    expect(error?.error_code).toBe('API_VALIDATION_ERROR');
    expect(error?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'bank_code' })]));

    const thrown = await failure(unwrap(palladium.POST('/api/v2/inquiry-account', { body: { bank_code: 'NOT-A-BANK', account_number: '12345678' } })));
    expect(isPalladiumError(thrown)).toBe(true);
    expect(thrown).toBeInstanceOf(PalladiumError);
    expect(thrown).toMatchObject({ status: 400, error_code: 'BANK_NOT_SUPPORTED_ERROR', message: expect.stringContaining('NOT-A-BANK') });

    // A validation error carries its per-field errors.
    const invalid = await failure(unwrap(palladium.POST('/api/v2/create-virtual-account', { body: { external_id: 'x', bank_code: 'BNI', amount: -5, is_single_use: true } })));
    expect(invalid).toMatchObject({ status: 400, error_code: 'API_VALIDATION_ERROR' });
    expect(invalid.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'amount' })]));

    // A wrong key: INVALID_API_KEY.
    const stranger = createPalladiumClient({ baseUrl, apiKey: 'pallapi_secret_development_00000000000000000000000000000000' });
    await expect(unwrap(stranger.GET('/api/v2/me'))).rejects.toMatchObject({ status: 401, error_code: 'INVALID_API_KEY' });
  });
});

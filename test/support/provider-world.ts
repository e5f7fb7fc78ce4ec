import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import { MoneyMovementsService } from '../../src/wallets/money-movements.service';
import { ReconciliationService } from '../../src/reconciliation/reconciliation.service';
import type { CreatedMerchantView } from '../../src/merchants/merchant.views';
import { DUITKU_SANDBOX_CREDENTIALS, FakeDuitku, startFakeDuitku } from '../fakes/fake-duitku';
import { FakeXendit, startFakeXendit } from '../fakes/fake-xendit';
import { bearer, startTestApp, TestApp } from './test-app';

export const XENDIT_SECRET_KEY = 'xnd_development_test_secret_key_0123456789';
export const XENDIT_CALLBACK_TOKEN = 'xendit-callback-token-0123456789abcdef';

export interface ProviderWorld {
  t: TestApp;
  xendit: FakeXendit;
  duitku: FakeDuitku;
  /** Where the app listens, for the fakes' webhooks. */
  url: string;
  merchant: CreatedMerchantView;
  /** The merchant's production key header. */
  auth: { Authorization: string };
  close(): Promise<void>;
}

export interface ProviderWorldOptions {
  env?: NodeJS.ProcessEnv;
  /** Point Duitku at a closed port (connection refused). */
  duitkuDown?: boolean;
  inDoubtResolveMs?: number;
  /** Rupiah in the merchant's production disburse wallet. */
  disburseBalance?: number;
}

/**
 * The production environment wired to fake Xendit and Duitku HTTP servers, which call the
 * app's webhooks back on a real port; one merchant with a funded disburse wallet, and the
 * providers' float recorded in the ledger as operators would (so reconciliation agrees).
 */
export async function startProviderWorld(options: ProviderWorldOptions = {}): Promise<ProviderWorld> {
  const float = 5_000_000_000;
  const xendit = await startFakeXendit({ secretKey: XENDIT_SECRET_KEY, callbackToken: XENDIT_CALLBACK_TOKEN, balance: float, disbursementDelayMs: 100, callbackRetryDelayMs: 50 });
  const duitku = await startFakeDuitku({ ...DUITKU_SANDBOX_CREDENTIALS, balance: float, inDoubtResolveMs: options.inDoubtResolveMs ?? 300, h2hCallbackDelayMs: 100 });
  const t = await startTestApp({
    XENDIT_BASE_URL: xendit.url,
    XENDIT_SECRET_KEY,
    XENDIT_CALLBACK_TOKEN,
    DUITKU_BASE_URL: options.duitkuDown ? 'http://127.0.0.1:1' : duitku.url,
    DUITKU_ENVIRONMENT: 'sandbox',
    DUITKU_USER_ID: String(DUITKU_SANDBOX_CREDENTIALS.userId),
    DUITKU_EMAIL: DUITKU_SANDBOX_CREDENTIALS.email,
    DUITKU_SECRET_KEY: DUITKU_SANDBOX_CREDENTIALS.secretKey,
    PROVIDER_POLL_INTERVAL_MS: '50',
    PROVIDER_STATUS_POLL_SCHEDULE: '0.2,0.4',
    PROVIDER_TIMEOUT_MS: '3000',
    ...options.env,
  });
  await t.app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  xendit.setCallbackBaseUrl(url);
  duitku.setCallbackUrl(`${url}/webhooks/duitku/disbursements`);
  // Recorded through the service: with FOUR_EYES_MIN_AMOUNT=0 the API would ask for two operators.
  for (const provider of ['xendit', 'duitku'] as const) {
    await t.app.get(ReconciliationService).recordFunding(provider, { amount: float, direction: 'deposit', reference: `float-${provider}` });
  }
  const merchant = await t.createMerchant();
  await fundDisburseWallet(t, merchant.id, options.disburseBalance ?? 1_000_000_000);
  return {
    t,
    xendit,
    duitku,
    url,
    merchant,
    auth: bearer(merchant.api_keys.production),
    async close() {
      await t.close();
      await Promise.all([xendit.close(), duitku.close()]);
    },
  };
}

/** Credits the production disburse wallet as an approved top-up does. */
async function fundDisburseWallet(t: TestApp, merchantId: string, amount: number): Promise<void> {
  const money = t.app.get(MoneyMovementsService);
  await t.app.get(TransactionHost).withTransaction(() => money.creditTopUp({ id: `test-${randomUUID()}`, merchantId, environment: 'production', amount }));
}

/** Polls `read` until `done` holds (or fails after `timeoutMs`). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

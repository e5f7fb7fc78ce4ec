import { DUITKU_SANDBOX_CREDENTIALS, FakeDuitku, startFakeDuitku } from '../fakes/fake-duitku';
import { FakeXendit, startFakeXendit } from '../fakes/fake-xendit';
import { ProviderGate, startProviderGate } from './provider-gate';
import { XENDIT_CALLBACK_TOKEN, XENDIT_SECRET_KEY } from './provider-world';

/** Each fake provider's starting balance (the payout float), as in the e2e provider world. */
export const PROVIDER_FLOAT = 5_000_000_000;

/**
 * Fake Xendit and Duitku for the module tier, each behind a ProviderGate (to refuse
 * connections or lose answers), with nothing running on its own clock that a test waits
 * for: a Xendit disbursement is settled (COMPLETED, or FAILED if scripted) as soon as it is
 * created, so the next lookup sees it; a Duitku transfer in doubt is, by its own state,
 * done at once, so status scripts decide what the checks hear first. No webhooks are sent:
 * the fakes are given no callback address.
 */
export interface ProviderFakes {
  xendit: FakeXendit;
  duitku: FakeDuitku;
  gates: { xendit: ProviderGate; duitku: ProviderGate };
  /** The app's provider settings for these fakes (through the gates), as the e2e provider world sets them. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startProviderFakes(): Promise<ProviderFakes> {
  const xendit = await startFakeXendit({ secretKey: XENDIT_SECRET_KEY, callbackToken: XENDIT_CALLBACK_TOKEN, balance: PROVIDER_FLOAT, disbursementDelayMs: 0 });
  const duitku = await startFakeDuitku({ ...DUITKU_SANDBOX_CREDENTIALS, balance: PROVIDER_FLOAT, inDoubtResolveMs: 0 });
  const gates = { xendit: await startProviderGate(xendit.url), duitku: await startProviderGate(duitku.url) };
  return {
    xendit,
    duitku,
    gates,
    env: {
      XENDIT_BASE_URL: gates.xendit.url,
      XENDIT_SECRET_KEY,
      XENDIT_CALLBACK_TOKEN,
      DUITKU_BASE_URL: gates.duitku.url,
      DUITKU_ENVIRONMENT: 'sandbox',
      DUITKU_USER_ID: String(DUITKU_SANDBOX_CREDENTIALS.userId),
      DUITKU_EMAIL: DUITKU_SANDBOX_CREDENTIALS.email,
      DUITKU_SECRET_KEY: DUITKU_SANDBOX_CREDENTIALS.secretKey,
    },
    async close() {
      await Promise.all([gates.xendit.close(), gates.duitku.close()]);
      await Promise.all([xendit.close(), duitku.close()]);
    },
  };
}

import { DUITKU_SANDBOX_CREDENTIALS, startFakeDuitku } from './fake-duitku';
import { startFakeXendit } from './fake-xendit';

/**
 * Local demo: both fake providers on fixed ports, so a Palladium started with the printed
 * environment talks to them instead of Xendit and Duitku. Runs until SIGINT/SIGTERM.
 *
 *   npx ts-node --transpile-only test/fakes/run-fakes.ts   (what `npm run fakes` runs)
 *
 * Environment: FAKE_XENDIT_PORT (4010), FAKE_DUITKU_PORT (4020), PALLADIUM_URL
 * (http://localhost:3000: where callbacks go), FAKE_DUITKU_CALLBACK_URL (H2H callbacks;
 * default PALLADIUM_URL + /webhooks/duitku/disbursements), FAKE_XENDIT_BALANCE and
 * FAKE_DUITKU_BALANCE (1,000,000,000 each). Credentials already in XENDIT_* / DUITKU_*
 * are reused, so the printed values can simply be exported again.
 */

const DEFAULT_BALANCE = 1_000_000_000;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const palladiumUrl = (process.env.PALLADIUM_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  const xenditSecretKey = process.env.XENDIT_SECRET_KEY ?? 'xnd_development_fake_secret_key_for_local_demo';
  // Palladium requires the callback token to be at least 16 characters.
  const xenditCallbackToken = process.env.XENDIT_CALLBACK_TOKEN ?? 'fake-xendit-callback-token-for-local-demo';
  const duitkuUserId = intFromEnv('DUITKU_USER_ID', DUITKU_SANDBOX_CREDENTIALS.userId);
  const duitkuEmail = process.env.DUITKU_EMAIL ?? DUITKU_SANDBOX_CREDENTIALS.email;
  const duitkuSecretKey = process.env.DUITKU_SECRET_KEY ?? DUITKU_SANDBOX_CREDENTIALS.secretKey;

  const xendit = await startFakeXendit({
    port: intFromEnv('FAKE_XENDIT_PORT', 4010),
    secretKey: xenditSecretKey,
    callbackToken: xenditCallbackToken,
    callbackBaseUrl: palladiumUrl,
    balance: intFromEnv('FAKE_XENDIT_BALANCE', DEFAULT_BALANCE),
    // A demo waits on a human, so Xendit's pace is not needed; a second makes PENDING visible.
    disbursementDelayMs: 1_000,
    callbackRetryDelayMs: 2_000,
  });
  const duitku = await startFakeDuitku({
    port: intFromEnv('FAKE_DUITKU_PORT', 4020),
    userId: duitkuUserId,
    email: duitkuEmail,
    secretKey: duitkuSecretKey,
    balance: intFromEnv('FAKE_DUITKU_BALANCE', DEFAULT_BALANCE),
    callbackUrl: process.env.FAKE_DUITKU_CALLBACK_URL ?? `${palladiumUrl}/webhooks/duitku/disbursements`,
    inDoubtResolveMs: 5_000,
    h2hCallbackDelayMs: 1_000,
  });

  console.log(`Fake Xendit on ${xendit.url}, fake Duitku on ${duitku.url}; callbacks go to ${palladiumUrl}.`);
  console.log('Start Palladium with:\n');
  const env: Record<string, string | number> = {
    XENDIT_BASE_URL: xendit.url,
    XENDIT_SECRET_KEY: xenditSecretKey,
    XENDIT_CALLBACK_TOKEN: xenditCallbackToken,
    DUITKU_BASE_URL: duitku.url,
    DUITKU_ENVIRONMENT: 'sandbox',
    DUITKU_USER_ID: duitkuUserId,
    DUITKU_EMAIL: duitkuEmail,
    DUITKU_SECRET_KEY: duitkuSecretKey,
  };
  for (const [name, value] of Object.entries(env)) console.log(`${name}=${value}`);
  console.log(
    [
      '',
      'Pay a virtual account or Alfamart/Indomaret code (sends Palladium the Xendit callback):',
      `  curl -s -X POST ${xendit.url}/_fake/pay -H 'content-type: application/json' -d '{"account_number":"<number>","amount":50000}'`,
      `  curl -s -X POST ${xendit.url}/_fake/pay -H 'content-type: application/json' -d '{"payment_code":"<code>"}'`,
      'Duitku sandbox test accounts: 8760673566 succeeds; see DUITKU_*_TABLE in test/fakes/fake-duitku.ts for the failing ones.',
      'Ctrl-C to stop.',
    ].join('\n'),
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: closing the fakes`);
    Promise.all([xendit.close(), duitku.close()])
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { randomBytes, randomInt } from 'node:crypto';
import { PaymentsService } from '../../src/payments/recording/payments.service';
import type { TestApp } from './test-app';

/**
 * A production virtual account as a provider adapter would have opened it. Production
 * accounts cannot be opened through the API until a provider is configured, so tests that
 * need production payments (settlement) insert the account row directly.
 */
export async function productionVirtualAccount(t: TestApp, merchantId: string): Promise<string> {
  const id = randomBytes(16).toString('hex');
  await t.sql(
    `INSERT INTO virtual_accounts (id, merchant_id, environment, external_id, name, expected_amount, is_single_use, status,
                                   expiration_date, provider, bank_code, account_name, account_number)
     VALUES ($1, $2, 'production', $4, 'Fixture', 1000000, false, 'unpaid', now() + interval '1 year', 'xendit', 'BNI', 'XDT-Fixture', $3)`,
    [id, merchantId, `8808${String(randomInt(1e9)).padStart(12, '0')}`, `fixture-${id}`],
  );
  return id;
}

/** Records payments as provider notifications would, `concurrency` at a time. */
export async function recordPayments(
  t: TestApp,
  payments: { resourceId: string; amount: number; paidAt: Date }[],
  concurrency = 8,
): Promise<void> {
  const service = t.app.get(PaymentsService);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < payments.length) {
        const payment = payments[next++];
        await service.record({
          resourceType: 'virtual_account',
          resourceId: payment.resourceId,
          provider: 'xendit',
          providerPaymentId: `xnd-${randomBytes(8).toString('hex')}`,
          amount: payment.amount,
          paidAt: payment.paidAt,
        });
      }
    }),
  );
}

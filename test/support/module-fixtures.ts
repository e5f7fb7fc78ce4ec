import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { Environment } from '../../src/common/environment';
import { RateLimitModule } from '../../src/common/rate-limit/rate-limit.module';
import { MerchantsModule } from '../../src/merchants/merchants.module';
import { MerchantsService } from '../../src/merchants/merchants.service';
import { MoneyMovementsService } from '../../src/wallets/money-movements.service';
import type { ModuleHarness } from './module-harness';

/**
 * Setup for module specs, through the services' public methods (and SQL where the app has
 * no way in): what the e2e tier does over HTTP or on a TestApp, for a ModuleHarness.
 * Merchants need MERCHANT_MODULES loaded; money movements need WalletsModule.
 */

/** What createMerchant needs: MerchantsModule and the global rate-limit module (as AppModule loads them). */
export const MERCHANT_MODULES = [RateLimitModule, MerchantsModule];

let merchants = 0;

/** Runs `work` in one transaction, as a use case would (money movements require one). */
export function inTransaction<T>(h: ModuleHarness, work: () => Promise<T>): Promise<T> {
  return h.get(TransactionHost).withTransaction(work);
}

/** A merchant with its wallets, as the admin API creates one; returns its id. */
export async function createMerchant(h: ModuleHarness, name = 'PT Module Test'): Promise<string> {
  merchants += 1;
  const created = await h.get(MerchantsService).create({ name: `${name} ${merchants}`, email: `module-${process.pid}-${merchants}-${randomUUID()}@test.com` });
  return created.id;
}

/** Credits the merchant's disburse wallet as an approved top-up does. */
export function fundDisburseWallet(h: ModuleHarness, merchantId: string, environment: Environment, amount: number): Promise<void> {
  const money = h.get(MoneyMovementsService);
  return inTransaction(h, () => money.creditTopUp({ id: `test-${randomUUID()}`, merchantId, environment, amount }));
}

/** Records a deposit of payout float at a provider, as an operator does (so our ledger mirrors the provider's balance). */
export async function recordProviderFloat(h: ModuleHarness, provider: 'xendit' | 'duitku', amount: number): Promise<void> {
  const money = h.get(MoneyMovementsService);
  await inTransaction(h, () => money.recordProviderFunding({ provider, direction: 'deposit', amount, reference: `float-${provider}-${randomUUID()}` }));
}

/**
 * A production virtual account as the Xendit adapter would have opened it, for payments to
 * be recorded on. Inserted directly, as the e2e payments fixtures do: opening one at the
 * provider is the virtual-accounts flow's business, not what a settlement test is about.
 */
export async function productionVirtualAccount(h: ModuleHarness, merchantId: string): Promise<string> {
  const id = randomBytes(16).toString('hex');
  await h.sql(
    `INSERT INTO virtual_accounts (id, merchant_id, environment, external_id, name, expected_amount, is_single_use, status,
                                   expiration_date, provider, bank_code, account_name, account_number)
     VALUES ($1, $2, 'production', $3, 'Fixture', 1000000, false, 'unpaid', now() + interval '1 year', 'xendit', 'BNI', 'XDT-Fixture', $4)`,
    [id, merchantId, `fixture-${id}`, `8808${String(randomInt(1e9)).padStart(12, '0')}`],
  );
  return id;
}

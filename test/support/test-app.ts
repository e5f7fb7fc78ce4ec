import { randomUUID } from 'node:crypto';
import { INestApplication, ModuleMetadata } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureHttpApp } from '../../src/app.setup';
import { AppConfig } from '../../src/config/app-config';
import type { Environment } from '../../src/common/environment';
import type { CreatedMerchantView } from '../../src/merchants/merchant.views';
import { MoneyMovementsService } from '../../src/wallets/money-movements.service';
import { WalletsService } from '../../src/wallets/wallets.service';
import { createTestDatabase } from './test-database';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  config: AppConfig;
  databaseUrl: string;
  /** Creates a merchant through the admin API and returns its keys. */
  /** Runs SQL on the app's database (for assertions on stored state). */
  sql<T = Record<string, unknown>>(query: string, parameters?: unknown[]): Promise<T[]>;
  createMerchant(overrides?: Partial<{ name: string; email: string }>): Promise<CreatedMerchantView>;
  close(): Promise<void>;
}

let merchantCounter = 0;

/** The configuration every test runs with, on its own database, before the test's own `env`. */
export function testConfig(databaseUrl: string, env: NodeJS.ProcessEnv = {}): AppConfig {
  return AppConfig.fromEnv({
    NODE_ENV: 'test',
    ADMIN_API_TOKEN: TEST_ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    DEMO_MERCHANT: 'false',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '20',
    // Receivers in tests listen on 127.0.0.1; the SSRF tests turn this off again.
    CALLBACK_ALLOW_PRIVATE_URLS: 'true',
    CALLBACK_POLL_INTERVAL_MS: '50',
    CALLBACK_TIMEOUT_MS: '2000',
    SANDBOX_POLL_INTERVAL_MS: '100',
    SETTLEMENT_SCHEDULER_ENABLED: 'false',
    // Every test client is 127.0.0.1; only the rate-limit tests set real limits.
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_KEY: '1000000',
    SIGN_IN_ATTEMPTS_PER_IP: '1000000',
    SIGN_IN_ATTEMPTS_PER_EMAIL: '1000000',
    // Tests of top-ups approve in one step with the bootstrap token; only the four-eyes tests
    // (test/approvals.e2e-spec.ts) set the production default of two operators for every amount.
    FOUR_EYES_MIN_AMOUNT: String(Number.MAX_SAFE_INTEGER),
    ...env,
  });
}

/**
 * Boots the real application, configured exactly as main.ts does, on a fresh migrated
 * database. `extra` adds test-only controllers (e.g. to exercise the request pipeline).
 */
export async function startTestApp(env: NodeJS.ProcessEnv = {}, extra: ModuleMetadata = {}): Promise<TestApp> {
  // A given DATABASE_URL means another instance on an existing database (it is not dropped).
  const database = env.DATABASE_URL
    ? { url: env.DATABASE_URL, drop: async () => undefined }
    : await createTestDatabase();
  const config = testConfig(database.url, env);
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ config, databaseUrl: database.url }), ...(extra.imports ?? [])],
    controllers: extra.controllers ?? [],
    providers: extra.providers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false });
  configureHttpApp(app);
  await app.init();
  const http = request(app.getHttpServer());

  return {
    app,
    http,
    config,
    databaseUrl: database.url,
    sql: (query, parameters) => app.get(DataSource).query(query, parameters),
    async createMerchant(overrides = {}) {
      merchantCounter += 1;
      const response = await http
        .post('/admin/merchants')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .send({
          name: overrides.name ?? `PT Test ${merchantCounter}`,
          email: overrides.email ?? `merchant-${process.pid}-${merchantCounter}-${Date.now()}@test.com`,
        });
      if (response.status !== 201) throw new Error(`createMerchant failed: ${response.status} ${response.text}`);
      return response.body as CreatedMerchantView;
    },
    async close() {
      // Every e2e database ends with a ledger check: the suite fails on any difference.
      const report = await app.get(WalletsService).checkLedger();
      await app.close();
      await database.drop();
      if (!report.ok) throw new Error(`Ledger check failed: ${JSON.stringify(report.differences)}`);
    },
  };
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
export const adminAuth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/**
 * Puts settled money into a merchant's income wallet the way a settled sandbox payment
 * does (recorded as pending income, then settled), without a payment resource.
 */
export async function creditIncomeWallet(
  t: TestApp,
  scope: { merchantId: string; environment: Environment },
  amount: number,
): Promise<void> {
  const money = t.app.get(MoneyMovementsService);
  const paymentId = `test-payment-${randomUUID()}`;
  await t.app.get(TransactionHost).withTransaction(async () => {
    await money.recordPendingPayment({ id: paymentId, scope, provider: 'sandbox', amount });
    await money.settlePayments([paymentId]);
  });
}

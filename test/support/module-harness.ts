import type { DynamicModule, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { ConfigModule } from '../../src/config/config.module';
import type { AppConfig } from '../../src/config/app-config';
import { DatabaseModule } from '../../src/database/database.module';
import { Sql } from '../../src/database/sql';
import { WalletsService } from '../../src/wallets/wallets.service';
import { createTestDatabase } from './test-database';
import { testConfig } from './test-app';

/** One module (and what it imports) on a real database, with no HTTP server and no workers. */
export interface ModuleHarness {
  moduleRef: TestingModule;
  config: AppConfig;
  get<T>(type: Type<T>): T;
  /** Runs SQL on the module's database, outside any transaction (for setup and assertions). */
  sql<T = Record<string, unknown>>(query: string, parameters?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * The middle test tier: boots just `modules` with their real services and repositories on a
 * fresh migrated database. Background workers live in modules of their own and are not
 * loaded, so a test drives every step itself: no polling, no timing.
 */
export async function startModules(modules: (Type<unknown> | DynamicModule)[], env: NodeJS.ProcessEnv = {}): Promise<ModuleHarness> {
  const database = await createTestDatabase();
  const config = testConfig(database.url, env);
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(database.url, 5), ...modules],
  })
    .setLogger({ log: () => undefined, error: () => undefined, warn: () => undefined })
    .compile();
  await moduleRef.init();
  const sql = moduleRef.get(Sql);
  return {
    moduleRef,
    config,
    get: (type) => moduleRef.get(type, { strict: false }),
    sql: (query, parameters) => sql.query(query, parameters),
    async close() {
      // As after every e2e file: the ledger must add up.
      const report = await moduleRef.get(WalletsService, { strict: false }).checkLedger();
      await moduleRef.close();
      await database.drop();
      if (!report.ok) throw new Error(`Ledger check failed: ${JSON.stringify(report.differences)}`);
    },
  };
}

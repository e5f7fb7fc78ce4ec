/**
 * Writes the server's OpenAPI document (dashboard/src/api/openapi.json) and the TypeScript
 * types the dashboard's client is checked against (schema.d.ts, by openapi-typescript),
 * without a database: the Nest app is created in preview mode (module graph only).
 *
 *   npm run dashboard:api            regenerate both files (commit them)
 *   npm run dashboard:api -- --check exit 1 if the committed files are not current
 *
 * test/dashboard-api.e2e-spec.ts runs the check, so the dashboard and the API cannot drift.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import { createOpenApiDocument } from '../../src/app.setup';
import { AppConfig } from '../../src/config/app-config';

const ROOT = path.resolve(__dirname, '..', '..');
const API_DIR = path.join(ROOT, 'dashboard', 'src', 'api');
const FILES = ['openapi.json', 'schema.d.ts'];

async function writeDocument(outDir: string): Promise<void> {
  // Defaults only (not this shell's variables), so the document is the same on every machine.
  const config = AppConfig.fromEnv({
    NODE_ENV: 'test',
    ADMIN_API_TOKEN: 'openapi-generation-only-0000000000000000',
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl: config.databaseUrl! }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const document = createOpenApiDocument(app, config);
  await app.close();
  writeFileSync(path.join(outDir, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), path.join(outDir, 'openapi.json'), '-o', path.join(outDir, 'schema.d.ts')],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

async function main(): Promise<void> {
  if (!process.argv.includes('--check')) {
    await writeDocument(API_DIR);
    console.log(`Wrote ${FILES.map((file) => path.relative(ROOT, path.join(API_DIR, file))).join(' and ')}`);
    return;
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'palladium-openapi-'));
  try {
    await writeDocument(scratch);
    const stale = FILES.filter((file) => {
      const committed = (() => {
        try {
          return readFileSync(path.join(API_DIR, file), 'utf8');
        } catch {
          return '';
        }
      })();
      return committed !== readFileSync(path.join(scratch, file), 'utf8');
    });
    if (stale.length > 0) {
      console.error(`Out of date: ${stale.map((file) => `dashboard/src/api/${file}`).join(', ')}. Run: npm run dashboard:api`);
      process.exitCode = 1;
    } else {
      console.log('dashboard/src/api is current');
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

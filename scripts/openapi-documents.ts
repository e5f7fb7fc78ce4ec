/**
 * The server's OpenAPI documents (src/openapi.ts) without a database or a listening server:
 * the Nest app is created in preview mode (module graph only), from the configuration's
 * defaults only (not this shell's variables), so the documents are the same on every machine.
 * Used by `npm run dashboard:api` (the combined document) and `npm run client:generate` (the
 * merchant document).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { AppConfig } from '../src/config/app-config';
import { createOpenApiDocuments, OpenApiDocuments } from '../src/openapi';

/** The project's root directory. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

export async function buildOpenApiDocuments(): Promise<OpenApiDocuments> {
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
  try {
    return createOpenApiDocuments(app, config);
  } finally {
    await app.close();
  }
}

/** A document as the committed files hold it. */
export const documentJson = (document: object): string => `${JSON.stringify(document, null, 2)}\n`;

/**
 * The `main` of a generator: `generate(root)` writes `files` (relative to root) into the
 * project; with `--check`, into a scratch directory instead, and the process fails when any
 * committed file differs from what it would write now.
 */
export async function writeOrCheck(options: { files: string[]; command: string; generate: (root: string) => Promise<void> }): Promise<void> {
  const { files, command, generate } = options;
  if (!process.argv.includes('--check')) {
    await generate(PROJECT_ROOT);
    process.stdout.write(`Wrote ${files.join(', ')}\n`);
    return;
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'palladium-generated-'));
  try {
    await generate(scratch);
    const read = (root: string, file: string) => {
      try {
        return readFileSync(path.join(root, file), 'utf8');
      } catch {
        return '';
      }
    };
    const stale = files.filter((file) => read(PROJECT_ROOT, file) !== read(scratch, file));
    if (stale.length > 0) {
      console.error(`Out of date: ${stale.join(', ')}. Run: ${command}`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`Current: ${files.join(', ')}\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs a script's main, failing the process on an error. */
export function run(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/** Where generated files go under `root`: the file's path, its folder created. */
export function outputPath(root: string, file: string): string {
  const target = path.join(root, file);
  mkdirSync(path.dirname(target), { recursive: true });
  return target;
}

/** Writes the TypeScript types of an OpenAPI document file (openapi-typescript). */
export function writeTypes(documentFile: string, typesFile: string): void {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), documentFile, '-o', typesFile], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

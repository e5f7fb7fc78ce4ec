import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, rmSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from './children';

/** Where the bench compiles the app: its own copy, so a concurrent `npm run build` cannot remove it mid-run. */
export const BENCH_BUILD_DIR = path.join(PROJECT_ROOT, '.bench', 'app');

/**
 * Compiles the working tree (tsconfig.build.json) into .bench/app and returns its main.js.
 * Type errors (someone's change half-way) are reported; the emitted JavaScript still runs.
 */
export function buildApp(): string {
  compile(PROJECT_ROOT, BENCH_BUILD_DIR);
  return path.join(BENCH_BUILD_DIR, 'src', 'main.js');
}

/**
 * Compiles a committed tree instead: `git archive <ref>` into .bench/git-<commit>, plus the
 * given working-tree paths copied over it (e.g. HEAD with only your own change), so a
 * comparison does not depend on what else is half-done in the working tree. Changes nothing
 * in the repository.
 */
export function buildFromGit(ref: string, overlay: string[]): string {
  const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
  const dir = path.join(PROJECT_ROOT, '.bench', `git-${commit}${overlay.length ? '-overlay' : ''}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', 'git archive "$1" | tar -x -C "$2"', 'sh', commit, dir], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  for (const file of overlay) cpSync(path.join(PROJECT_ROOT, file), path.join(dir, file), { recursive: true });
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  compile(dir, path.join(dir, 'dist'));
  return path.join(dir, 'dist', 'src', 'main.js');
}

function compile(projectDir: string, outDir: string): void {
  try {
    execFileSync(
      process.execPath,
      [
        path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p', 'tsconfig.build.json', '--outDir', outDir, '--incremental', '--tsBuildInfoFile', path.join(outDir, '.tsbuildinfo'),
      ],
      { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (error) {
    const output = String((error as { stdout?: Buffer }).stdout ?? '');
    if (!existsSync(path.join(outDir, 'src', 'main.js'))) throw new Error(`compiling ${projectDir} failed:\n${output.slice(0, 2000)}`);
    console.error(`[bench] warning: ${projectDir} has type errors (the emitted JavaScript is run anyway):\n${output.split('\n').slice(0, 10).join('\n')}`);
  }
}

export interface ServerOptions {
  mainJs: string;
  port: number;
  databaseUrl: string;
  adminToken: string;
  logFile: string;
  env: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

/** The app as a real server process, production-like (NODE_ENV=production, request logs to a file). */
export class AppServer {
  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  static async start(options: ServerOptions): Promise<AppServer> {
    if (!existsSync(options.mainJs)) throw new Error(`${options.mainJs} does not exist: build first`);
    const log = openSync(options.logFile, 'a');
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.mainJs], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        PORT: String(options.port),
        HOST: '127.0.0.1',
        DATABASE_URL: options.databaseUrl,
        ADMIN_API_TOKEN: options.adminToken,
        DEMO_MERCHANT: 'false',
        LOG_LEVEL: 'info',
        RATE_LIMIT_PER_KEY: '1000000000',
        RATE_LIMIT_PER_IP: '1000000000',
        SETTLEMENT_SCHEDULER_ENABLED: 'false',
        // The sandbox timeline must not pay or complete anything while a workload is measured.
        SANDBOX_UNPAID_SECONDS: '86400',
        SANDBOX_PENDING_SECONDS: '86400',
        SANDBOX_DISBURSEMENT_SECONDS: '86400',
        CALLBACK_ALLOW_PRIVATE_URLS: 'true',
        CALLBACK_WORKER_ENABLED: 'false',
        // The settlement workload triggers runs with the bootstrap token in one step; four eyes are not what it measures.
        FOUR_EYES_MIN_AMOUNT: String(Number.MAX_SAFE_INTEGER),
        ...options.env,
      },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const server = new AppServer(child, `http://127.0.0.1:${options.port}`);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} (log: ${options.logFile})`);
      try {
        if ((await fetch(`${server.baseUrl}/health`)).ok) return server;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await server.stop();
    throw new Error(`the server did not become healthy within 60 s (log: ${options.logFile})`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

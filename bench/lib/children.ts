import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { LoadPlan, LoadResult } from '../load';

export const BENCH_DIR = path.resolve(__dirname, '..');
export const PROJECT_ROOT = path.resolve(BENCH_DIR, '..');

/** Runs a bench TypeScript entry point in its own node process (ts-node, transpile only). */
export function spawnTs(entry: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(BENCH_DIR, entry), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json'), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs the load generator (bench/load.ts) in a separate process and returns its result. */
export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawnTs('load.ts');
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}: ${stderr.slice(-1000)}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult);
      } catch {
        reject(new Error(`load generator printed no result: ${stdout.slice(-500)} ${stderr.slice(-500)}`));
      }
    });
    child.stdin!.end(JSON.stringify(plan));
  });
}

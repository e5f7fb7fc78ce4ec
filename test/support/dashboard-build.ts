import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DASHBOARD_DIST_DIR } from '../../src/app.setup';
import { PROJECT_ROOT } from './processes';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The tests that load the dashboard need its build (dist/dashboard). CI has it from
 * `npm run build`; on a developer's machine it is built here when missing or older than
 * dashboard/ (a few seconds), so `npm test` alone always tests the current sources.
 */
export function ensureDashboardBuilt(): string {
  const index = path.join(DASHBOARD_DIST_DIR, 'index.html');
  const sources = path.join(PROJECT_ROOT, 'dashboard');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(sources)) return DASHBOARD_DIST_DIR;
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'dashboard/vite.config.mts', '--logLevel', 'warn'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return DASHBOARD_DIST_DIR;
}

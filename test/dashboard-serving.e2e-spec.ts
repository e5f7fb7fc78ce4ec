import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ensureDashboardBuilt } from './support/dashboard-build';
import { PROJECT_ROOT } from './support/processes';
import { startTestApp, TestApp } from './support/test-app';

describe('The dashboard is served at /dashboard (issue 14)', () => {
  let t: TestApp;
  let asset: string;

  beforeAll(async () => {
    const dist = ensureDashboardBuilt();
    asset = readdirSync(path.join(dist, 'assets')).find((file) => file.endsWith('.js'))!;
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('answers the app for /dashboard and every client route below it, revalidated on each load', async () => {
    for (const url of ['/dashboard/', '/dashboard/virtual-accounts', '/dashboard/settings/callbacks', '/dashboard/sign-in']) {
      const response = await t.http.get(url);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.text).toContain('<div id="root"></div>');
    }
    const bare = await t.http.get('/dashboard');
    expect(bare.status).toBe(200);
    expect(bare.text).toContain('<div id="root"></div>');
  });

  it('serves hashed assets cached for a year, under the same security headers as the API', async () => {
    const response = await t.http.get(`/dashboard/assets/${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    // A missing asset is a 404, not the app.
    const missing = await t.http.get('/dashboard/assets/no-such-file.js');
    expect(missing.status).toBe(404);
  });

  it('leaves the API as it was: JSON answers, authentication still required', async () => {
    const me = await t.http.get('/api/v2/me');
    expect(me.status).toBe(401);
    expect(me.headers['content-type']).toMatch(/application\/json/);
    const unknown = await t.http.get('/api/v2/no-such-endpoint');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/json/);
    expect((await t.http.get('/docs-json')).status).toBe(200);
  });

  it('the committed OpenAPI document and client types match the server (npm run dashboard:api -- --check)', () => {
    const run = () =>
      execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'dashboard/scripts/openapi.ts', '--check'], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    expect(run).not.toThrow();
  });
});

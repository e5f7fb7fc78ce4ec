import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from './support/global-setup';
import { clusterIsRunning, runCli, startServer } from './support/processes';

/**
 * The whole product as a user runs it: `npm start` with no DATABASE_URL (embedded
 * PostgreSQL under DATA_DIR), the CLI beside it, a clean stop, and a restart that finds
 * the same data.
 */
describe('server process on the embedded PostgreSQL', () => {
  jest.setTimeout(180_000);
  let dataDir: string;
  let env: NodeJS.ProcessEnv & { PORT: string };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'palladium-server-'));
    env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      NODE_ENV: 'development',
    };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const banks = (baseUrl: string, key: string) =>
    fetch(`${baseUrl}/api/v2/banks`, { headers: { Authorization: `Bearer ${key}` } }).then((r) => r.status);

  it('starts, serves the CLI beside it, stops cleanly and restarts on the same data', async () => {
    // First start: empty database -> a demo merchant whose development key is printed.
    const first = await startServer(env);
    const demoKey = /pallapi_secret_development_[0-9a-f]{32}/.exec(first.output())?.[0];
    expect(demoKey).toBeDefined();
    expect(first.output()).toContain(`${first.baseUrl.replace('127.0.0.1', 'localhost')}/docs`);
    expect(await banks(first.baseUrl, demoKey!)).toBe(200);

    // The CLI joins the running server's cluster.
    const created = await runCli(['merchants:create', '--name', 'PT Test', '--email', 'qa@test.com'], env);
    expect(created.code).toBe(0);
    const merchant = JSON.parse(created.stdout);
    expect(await banks(first.baseUrl, merchant.api_keys.production)).toBe(200);

    // Keys never reach the logs.
    expect(first.output()).not.toContain(merchant.api_keys.production);
    expect(first.output()).toMatch(/"authorization":"\[redacted\]"/);

    // SIGTERM: the server exits and the embedded PostgreSQL it started stops too.
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(clusterIsRunning(dataDir)).toBe(false);

    // The CLI without a server starts the cluster itself, and stops it again.
    const listed = await runCli(['merchants:list'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((m: { email: string }) => m.email).sort()).toEqual([
      'demo@palladium.local',
      'qa@test.com',
    ]);
    expect(clusterIsRunning(dataDir)).toBe(false);

    // Second start reuses the data dir: same merchants, no second demo merchant.
    const second = await startServer(env);
    expect(second.output()).not.toContain('Demo merchant created');
    expect(await banks(second.baseUrl, merchant.api_keys.production)).toBe(200);
    expect(await banks(second.baseUrl, demoKey!)).toBe(200);
    expect(await second.stop('SIGINT')).toBe(0);
    expect(clusterIsRunning(dataDir)).toBe(false);
  });

  it('refuses to start on invalid configuration, naming the variable', async () => {
    const failed = startServer({ ...env, PORT: 'not-a-port' });
    await expect(failed).rejects.toThrow(/PORT: must be a port number \(got "not-a-port"\)/);
    const production = startServer({ ...env, NODE_ENV: 'production' });
    await expect(production).rejects.toThrow(/ADMIN_API_TOKEN: is required when NODE_ENV=production/);
  });
});

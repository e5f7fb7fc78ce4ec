import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from './support/free-port';
import { clusterIsRunning, killGroup, npmStart, privateProjectCopy, runCli, ServerProcess, startServer } from './support/processes';
import { createTestDatabase, withServerClient } from './support/test-database';
import { pollUntil, sleep } from './support/wait';

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

    // The banner gives the demo merchant's dashboard sign-in; neither the password nor the
    // session cookie reaches the logs.
    const [, demoEmail, demoPassword] = /Dashboard sign-in: (\S+) \/ (\S+)/.exec(first.output()) ?? [];
    expect(demoEmail).toBe('demo@palladium.local');
    const signIn = await fetch(`${first.baseUrl}/api/dashboard/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: demoEmail, password: demoPassword }),
    });
    expect(signIn.status).toBe(200);
    const sessionToken = /palladium_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
    expect(sessionToken).toBeDefined();
    const session = await fetch(`${first.baseUrl}/api/dashboard/session`, { headers: { Cookie: `palladium_session=${sessionToken}` } });
    expect(session.status).toBe(200);
    await sleep(200);
    const afterBanner = first.output().slice(first.output().indexOf('\n', first.output().indexOf('Dashboard sign-in:')));
    expect(afterBanner).not.toContain(demoPassword);
    expect(first.output()).not.toContain(sessionToken!);

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

function listening(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const answer = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => answer(true)).once('error', () => answer(false));
    socket.setTimeout(1000, () => answer(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Start-up and shutdown as users run them: `npm start` and signals to it, a taken port,
 * root with the project in a private directory, and what failed SQL leaves in the logs.
 */
describe('start-up and shutdown as users run it', () => {
  jest.setTimeout(300_000);
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function tempDir(prefix: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  async function embeddedEnv() {
    // Where embedded-postgres used to leave its pg-password-* files; as open as /tmp.
    const temp = tempDir('palladium-tmp-');
    chmodSync(temp, 0o1777);
    return {
      DATA_DIR: tempDir('palladium-data-'),
      TMPDIR: temp,
      PORT: String(await freePort()),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      NODE_ENV: 'development',
    };
  }

  const passwordFiles = (dir: string) => readdirSync(dir).filter((name) => /password/i.test(name));
  const postmasterPid = (dataDir: string) => Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

  /** The signal reaches what the README runs; within 10 s the server, its PostgreSQL and every process are gone. */
  async function stopsWithin10s(signal: () => void, server: ServerProcess, env: { PORT: string; EMBEDDED_POSTGRES_PORT: string; DATA_DIR: string }) {
    const pgid = server.child.pid!;
    cleanups.push(() => killGroup(pgid));
    const postgres = postmasterPid(env.DATA_DIR);
    expect(await listening(Number(env.EMBEDDED_POSTGRES_PORT))).toBe(true);

    signal();
    const stopped = await pollUntil(
      async () =>
        !(await listening(Number(env.PORT))) &&
        !(await listening(Number(env.EMBEDDED_POSTGRES_PORT))) &&
        !alive(postgres) &&
        !alive(-pgid),
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(stopped ? 'stopped' : `still running 10 s after the signal:\n${server.output().slice(-2000)}`).toBe('stopped');
    expect(clusterIsRunning(env.DATA_DIR)).toBe(false);
  }

  it('SIGTERM to `npm start` stops the server and its PostgreSQL within 10 s, even with a request hanging', async () => {
    const env = await embeddedEnv();
    const server = await npmStart(env);
    // A client that never finishes its request: closing the server waits for it.
    const hanging = connect(Number(env.PORT), '127.0.0.1');
    cleanups.push(() => hanging.destroy());
    await new Promise((resolve) => hanging.once('connect', resolve));
    hanging.write('GET /health HTTP/1.1\r\nHost: localhost\r\n');
    await new Promise((resolve) => setTimeout(resolve, 500));

    await stopsWithin10s(() => process.kill(server.child.pid!, 'SIGTERM'), server, env);
    expect(server.output()).toContain('The server did not close within 5 s; stopping the database anyway');
  });

  it('Ctrl-C (SIGINT to the terminal\'s foreground job) stops the server and its PostgreSQL within 10 s', async () => {
    const env = await embeddedEnv();
    const server = await npmStart(env);
    await stopsWithin10s(() => process.kill(-server.child.pid!, 'SIGINT'), server, env);
  });

  it('says so when the PostgreSQL port is taken', async () => {
    const env = await embeddedEnv();
    const taken = createServer().listen(Number(env.EMBEDDED_POSTGRES_PORT), '127.0.0.1');
    cleanups.push(() => taken.close());
    await new Promise((resolve) => taken.once('listening', resolve));

    await expect(startServer(env)).rejects.toThrow(
      `PostgreSQL port ${env.EMBEDDED_POSTGRES_PORT} is already in use: set EMBEDDED_POSTGRES_PORT to a free port or stop the process using it.`,
    );
    expect(clusterIsRunning(env.DATA_DIR)).toBe(false);
    expect(passwordFiles(env.TMPDIR)).toEqual([]);
    expect(passwordFiles(env.DATA_DIR)).toEqual([]);
  });

  const asRoot = process.getuid?.() === 0 ? it : it.skip;

  asRoot('as root, from a project the postgres user cannot reach, runs PostgreSQL from DATA_DIR and leaves no password file', async () => {
    const { root, projectDir } = privateProjectCopy();
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const env = await embeddedEnv();

    const server = await startServer(env, projectDir);
    const demoKey = /pallapi_secret_development_[0-9a-f]{32}/.exec(server.output())?.[0];
    const banks = await fetch(`${server.baseUrl}/api/v2/banks`, { headers: { Authorization: `Bearer ${demoKey}` } });
    expect(banks.status).toBe(200);
    expect(passwordFiles(env.TMPDIR)).toEqual([]);
    expect(passwordFiles(env.DATA_DIR)).toEqual([]);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(clusterIsRunning(env.DATA_DIR)).toBe(false);
    expect(readdirSync(env.DATA_DIR).sort()).toEqual(['embedded-postgres.json', 'postgres', 'postgres-binaries']);
  });

  asRoot('as root, with DATA_DIR in a directory the postgres user cannot reach, stops with one sentence saying what to do', async () => {
    const { root, projectDir } = privateProjectCopy();
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    // The default DATA_DIR, ./.data, is inside the private project directory.
    const env = { ...(await embeddedEnv()), DATA_DIR: undefined };

    const failure = await startServer(env, projectDir).then(
      () => new Error('the server started'),
      (error: Error) => error,
    );
    expect(failure.message).toContain(
      `Palladium failed to start: As root, PostgreSQL runs as the "postgres" user, which cannot reach DATA_DIR (${projectDir}/.data), like anything in root's home directory: set DATA_DIR to a directory it can reach (such as /var/lib/palladium), run Palladium as another user, or set DATABASE_URL.`,
    );
    expect(failure.message).toMatch(/^server exited with 1:/);
    expect(failure.message).not.toContain('EACCES');
    expect(passwordFiles(env.TMPDIR)).toEqual([]);
  });

  it('logs a failed statement without the customer data bound to it', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const server = await startServer({ DATABASE_URL: database.url, PORT: String(await freePort()), NODE_ENV: 'development' });
    const demoKey = /pallapi_secret_development_[0-9a-f]{32}/.exec(server.output())?.[0];
    const failures = () => server.output().split('\n').filter((line) => line.includes('"msg":"Unhandled error"'));
    // A constraint only this test has makes PostgreSQL refuse the account, quoting its values.
    const refused = async (constraint: string, account: { account_number: string; account_name: string }) => {
      await withServerClient(async (client) => {
        await client.query('ALTER TABLE withdrawal_accounts DROP CONSTRAINT IF EXISTS test_refuses');
        await client.query(`ALTER TABLE withdrawal_accounts ADD CONSTRAINT test_refuses CHECK (${constraint}) NOT VALID`);
      }, database.name);
      const logged = failures().length;
      const response = await fetch(`${server.baseUrl}/api/v2/withdrawal-account`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${demoKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ bank_code: 'BCA', ...account }),
      });
      expect(response.status).toBe(500);
      expect(await pollUntil(async () => failures().length > logged, { timeoutMs: 5_000, intervalMs: 100 })).toBe(true);
      return JSON.parse(failures()[logged]).err;
    };
    try {
      // 23514: the error's detail is "Failing row contains (…)", the parameters the row.
      const checkViolation = await refused(`account_name <> 'Siti Rahayu Wijaya'`, {
        account_number: '8123456789012',
        account_name: 'Siti Rahayu Wijaya',
      });
      expect(checkViolation).toMatchObject({ type: 'QueryFailedError', code: '23514', table: 'withdrawal_accounts', constraint: 'test_refuses' });
      expect(checkViolation.query).toMatch(/^INSERT INTO withdrawal_accounts/);
      // 22P02: the message itself quotes the value.
      const badValue = await refused('account_name::integer > 0', { account_number: '5550001112223', account_name: 'Budi Santoso' });
      expect(badValue).toMatchObject({ code: '22P02', message: 'invalid input syntax for type integer: [value]' });
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    for (const customerData of ['Siti Rahayu Wijaya', '8123456789012', 'Budi Santoso', '5550001112223']) {
      expect(server.output()).not.toContain(customerData);
    }
  });
});

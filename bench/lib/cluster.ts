import { mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresLauncher } from '../../src/database/embedded-postgres.launcher';
import { freePort } from '../../test/support/free-port';

/** The bench's own embedded PostgreSQL, in a temporary DATA_DIR removed at the end. */
export class BenchCluster {
  private constructor(
    readonly url: string,
    readonly dataDir: string,
    private readonly launcher: EmbeddedPostgresLauncher,
  ) {}

  static async start(log: (message: string) => void): Promise<BenchCluster> {
    // Under /tmp: as root the cluster runs as the postgres user, which must reach DATA_DIR.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'palladium-bench-'));
    chmodSync(dataDir, 0o755);
    const launcher = new EmbeddedPostgresLauncher(dataDir, await freePort(), { log });
    const url = await launcher.start();
    return new BenchCluster(url, dataDir, launcher);
  }

  /** The postmaster's pid, whose process tree is PostgreSQL's CPU. */
  get postmasterPid(): number | undefined {
    try {
      return Number(readFileSync(path.join(this.dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
    } catch {
      return undefined;
    }
  }

  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(sql, parameters)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    await this.launcher.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}


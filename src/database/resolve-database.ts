import type { AppConfig } from '../config/app-config';
import { EmbeddedPostgresLauncher, embeddedPostgresEntry, EmbeddedPostgresLogger } from './embedded-postgres.launcher';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** Stops the embedded cluster if this process started it; no-op otherwise. */
  release(): Promise<void>;
}

/**
 * DATABASE_URL when set (the embedded-postgres package is then never loaded, and may be
 * absent); otherwise the embedded PostgreSQL under DATA_DIR.
 */
export async function resolveDatabase(config: AppConfig, logger: EmbeddedPostgresLogger): Promise<ResolvedDatabase> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, release: async () => undefined };
  }
  // Before anything is written to DATA_DIR: without the optional package, say so and stop.
  embeddedPostgresEntry();
  const launcher = new EmbeddedPostgresLauncher(config.dataDir, config.embeddedPostgresPort, logger);
  const url = await launcher.start();
  return { url, embedded: true, release: () => launcher.stop() };
}

import { rmSync } from 'node:fs';
import type { EmbeddedPostgresLauncher } from '../../src/database/embedded-postgres.launcher';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as Record<string, unknown>).__palladiumTestPostgres as
    | { launcher: EmbeddedPostgresLauncher; dataDir: string }
    | undefined;
  if (!embedded) return;
  // Called once per project that names it: the first call stops the server.
  delete (globalThis as Record<string, unknown>).__palladiumTestPostgres;
  await embedded.launcher.stop();
  rmSync(embedded.dataDir, { recursive: true, force: true });
}

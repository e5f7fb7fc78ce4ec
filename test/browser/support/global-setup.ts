import databaseSetup from '../../support/global-setup';
import { ensureDashboardBuilt } from '../../support/dashboard-build';

/**
 * The browser tier: the shared test PostgreSQL, and the dashboard built once here (when
 * missing or older than dashboard/), before any worker opens a page: parallel spec files
 * must not each rebuild dist/dashboard under one another.
 */
export default async function browserGlobalSetup(): Promise<void> {
  await databaseSetup();
  ensureDashboardBuilt();
}

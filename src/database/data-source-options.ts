import * as path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import './bigint';

/** migrations/ sits beside src/ both in the source tree and in dist/. */
const MIGRATIONS_GLOB = path.join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

export function buildDataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'schema_migrations',
    extra: { max: poolSize, application_name: 'palladium' },
  };
}

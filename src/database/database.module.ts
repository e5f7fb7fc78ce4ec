import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { MigrationLog, pendingMigrations, runMigrationsExclusively } from './migrate';
import { MigrationStatus } from './migration-status';
import { DatabaseNotifications } from './notifications';
import { Sql } from './sql';

/**
 * TypeORM on the PostgreSQL chosen at boot (DATABASE_URL or the embedded one; see
 * database/resolve-database.ts). Migrations run before anything else touches the schema,
 * each logged by name, unless MIGRATIONS_RUN=false (a deployment that runs them as a step
 * of its own: then the pending ones are logged, and GET /health/ready stays 503 until
 * they are applied).
 * `@Transactional()` / TransactionHost (nestjs-cls) carry one DB transaction through a
 * use case, across module services. Repositories reach the database only through Sql.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string, poolSize: number): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          // `migrationsRun` carries MIGRATIONS_RUN to the factory below, which runs them itself
          // (under the advisory lock), never TypeORM's initialize().
          useFactory: (config: AppConfig) => ({
            ...buildDataSourceOptions(databaseUrl, poolSize),
            autoLoadEntities: true,
            migrationsRun: config.migrationsRun,
          }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource({ ...options!, migrationsRun: false }).initialize();
            try {
              if (options!.migrationsRun) await runMigrationsExclusively(dataSource, logMigration);
              else await logPendingMigrations(dataSource);
            } catch (error) {
              await dataSource.destroy().catch(() => undefined);
              throw error;
            }
            return dataSource;
          },
        }),
        ClsModule.forRoot({
          global: true,
          middleware: { mount: true },
          plugins: [
            new ClsPluginTransactional({
              imports: [TypeOrmModule],
              adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
            }),
          ],
        }),
      ],
      providers: [Sql, DatabaseNotifications, MigrationStatus],
      exports: [Sql, DatabaseNotifications, MigrationStatus],
    };
  }
}

const migrationLogger = new Logger('Migrations');
const logMigration: MigrationLog = (fields, message) => migrationLogger.log(fields, message);

/** MIGRATIONS_RUN=false: says what another step still has to apply (nothing is changed). */
async function logPendingMigrations(dataSource: DataSource): Promise<void> {
  const pending = await pendingMigrations(dataSource);
  if (pending.length === 0) {
    logMigration({ event: 'migrations.up_to_date', migrations: dataSource.migrations.length }, 'No pending migrations');
    return;
  }
  // Info, not warn: the CLI's console logger prints warnings on stdout, which carries its JSON
  // result. The server's readiness logs the 503 it answers at warn level.
  logMigration(
    { event: 'migrations.pending', pending },
    `${pending.length} migration(s) pending and MIGRATIONS_RUN=false: not ready (GET /health/ready answers 503) until they are applied (node dist/src/migrate.js)`,
  );
}

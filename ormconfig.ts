/**
 * The data source the TypeORM CLI uses (`npm run typeorm -- migration:run`, `migration:generate`).
 * Needs DATABASE_URL; the app itself runs migrations at boot.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './src/database/data-source-options';

if (!process.env.DATABASE_URL) {
  throw new Error('Set DATABASE_URL to run the TypeORM CLI (the app migrates the embedded database at boot).');
}

export default new DataSource({
  ...buildDataSourceOptions(process.env.DATABASE_URL),
  entities: [__dirname + '/src/**/*.entity.{ts,js}'],
});

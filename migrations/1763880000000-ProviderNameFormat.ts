import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * provider_events.provider was the only column to list provider names ('xendit', 'duitku');
 * it now checks only their form, so adding a provider needs no schema change. The names are
 * chosen by the adapters (src/providers/<name>/).
 */
export class ProviderNameFormat1763880000000 implements MigrationInterface {
  name = 'ProviderNameFormat1763880000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE provider_events
        DROP CONSTRAINT provider_events_provider_check,
        ADD CONSTRAINT provider_events_provider_format CHECK (provider ~ '^[a-z][a-z0-9_]*$')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE provider_events
        DROP CONSTRAINT provider_events_provider_format,
        ADD CONSTRAINT provider_events_provider_check CHECK (provider IN ('xendit', 'duitku'))`);
  }
}

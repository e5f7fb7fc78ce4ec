import { MigrationInterface, QueryRunner } from 'typeorm';

/** The console's callback health counts failed deliveries of the last days across merchants: without this it reads every event. */
export class FailedCallbacksByTime1764000000000 implements MigrationInterface {
  name = 'FailedCallbacksByTime1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX callback_events_failed_recent ON callback_events (created_at) WHERE status = 'failed'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX callback_events_failed_recent');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Upstream providers: the dispatch state of production payouts, every provider call made
 * for them, and the inbox of provider webhooks (each stored once).
 */
export class CreateProviderIntegration1763840000000 implements MigrationInterface {
  name = 'CreateProviderIntegration1763840000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE disbursements
        ADD COLUMN provider_stage text CHECK (provider_stage IN ('queued', 'inquired', 'submitting', 'submitted')),
        -- Providers still to try, in order, if the current one definitely moves no money.
        ADD COLUMN provider_failover text[] NOT NULL DEFAULT '{}',
        ADD COLUMN provider_data jsonb,
        -- When the dispatcher acts next (send, or check a payout in doubt); also its lease.
        ADD COLUMN next_action_at timestamptz,
        ADD COLUMN status_checks integer NOT NULL DEFAULT 0 CHECK (status_checks >= 0),
        ADD COLUMN dispatch_lease uuid,
        ADD CONSTRAINT disbursements_dispatch_only_while_pending CHECK (status = 'pending' OR next_action_at IS NULL)`);
    await queryRunner.query(
      `CREATE INDEX disbursements_dispatch_due ON disbursements (next_action_at) WHERE next_action_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX disbursements_by_provider_reference ON disbursements (provider, provider_reference) WHERE provider_reference IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE disbursement_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        disbursement_id char(32) NOT NULL REFERENCES disbursements (id),
        provider text NOT NULL,
        operation text NOT NULL,
        request jsonb NOT NULL,
        http_status integer,
        response_code text,
        outcome text NOT NULL CHECK (outcome IN ('advanced', 'waiting', 'completed', 'failed', 'failed_over')),
        failure_code text,
        error text,
        duration_ms integer NOT NULL CHECK (duration_ms >= 0),
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`CREATE INDEX disbursement_attempts_by_disbursement ON disbursement_attempts (disbursement_id, id)`);

    await queryRunner.query(`
      CREATE TABLE provider_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        provider text NOT NULL CHECK (provider IN ('xendit', 'duitku')),
        event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 300),
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('applied', 'noted', 'unmatched', 'conflict')),
        detail text,
        received_at timestamptz(3) NOT NULL DEFAULT now(),
        -- A provider event is stored once, however often it is delivered.
        UNIQUE (provider, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX provider_events_needing_attention ON provider_events (received_at) WHERE outcome IN ('unmatched', 'conflict')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE provider_events');
    await queryRunner.query('DROP TABLE disbursement_attempts');
    await queryRunner.query(`
      ALTER TABLE disbursements DROP CONSTRAINT disbursements_dispatch_only_while_pending,
        DROP COLUMN provider_stage, DROP COLUMN provider_failover, DROP COLUMN provider_data,
        DROP COLUMN next_action_at, DROP COLUMN status_checks, DROP COLUMN dispatch_lease`);
    await queryRunner.query('DROP INDEX IF EXISTS disbursements_by_provider_reference');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that make claiming due callbacks cost the same whatever the backlog (issue 12):
 *
 * - callback_events_due_by_merchant (merchant_id, next_attempt_at) WHERE pending: the claim
 *   walks the merchants with pending events one index probe each (a loose index scan) and
 *   reads each merchant's oldest due events straight off the front of its range. It
 *   replaces the global (next_attempt_at) index, which no query uses any more and which
 *   only cost writes.
 * - callback_events_leased (merchant_id, leased_until) WHERE leased: a merchant's
 *   deliveries in flight (at most CALLBACK_MAX_IN_FLIGHT_PER_MERCHANT, plus leases of a
 *   crashed instance until they are taken over), counted without touching its backlog.
 */
export class CallbackClaimIndexes1763870000000 implements MigrationInterface {
  name = 'CallbackClaimIndexes1763870000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX callback_events_due_by_merchant ON callback_events (merchant_id, next_attempt_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX callback_events_leased ON callback_events (merchant_id, leased_until) WHERE lease_id IS NOT NULL`,
    );
    await queryRunner.query('DROP INDEX callback_events_due');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX callback_events_due ON callback_events (next_attempt_at) WHERE status = 'pending'`);
    await queryRunner.query('DROP INDEX callback_events_leased');
    await queryRunner.query('DROP INDEX callback_events_due_by_merchant');
  }
}

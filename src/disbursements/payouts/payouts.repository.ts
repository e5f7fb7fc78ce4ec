import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { MerchantScope } from '../../common/environment';
import { Columns, Sql } from '../../database/sql';
import type { FailureCode } from '../../domain/failure-codes';
import type { PayoutStage, PayoutState, ProviderCallRecord } from '../../domain/payouts';
import type { ProviderName } from '../../domain/provider-ports';
import { DISBURSEMENT_COLUMNS, DisbursementRow } from '../disbursements.repository';

/** A payout in an upstream provider's hands: what the dispatcher claims and providers report on. */
export interface DispatchRow extends DisbursementRow {
  provider: ProviderName;
  provider_stage: PayoutStage;
  provider_failover: ProviderName[];
}

/** A provider call made for a payout, as operators read it. */
export interface DisbursementAttemptRow {
  provider: ProviderName;
  operation: string;
  request: Record<string, unknown>;
  http_status: number | null;
  response_code: string | null;
  outcome: 'advanced' | 'waiting' | 'completed' | 'failed' | 'failed_over';
  failure_code: string | null;
  error: string | null;
  duration_ms: number;
  created_at: Date;
}

const ATTEMPT_COLUMNS = Columns.of<DisbursementAttemptRow>()(
  'provider', 'operation', 'request', 'http_status', 'response_code', 'outcome', 'failure_code', 'error', 'duration_ms', 'created_at',
);

/** An operator's verdict on a payout in doubt (immutable once written). */
export interface PayoutResolution {
  disbursement_id: string;
  status: 'done' | 'failed';
  failure_code: FailureCode | null;
  reason: string;
  resolved_by: string;
  provider: string;
  provider_reference: string | null;
  resolved_at: Date;
}

const RESOLUTION_COLUMNS = Columns.of<PayoutResolution>()(
  'disbursement_id', 'status', 'failure_code', 'reason', 'resolved_by', 'provider', 'provider_reference', 'resolved_at',
);

/** What a payout sends, to whom, and what it belongs to. */
export interface PayoutDetails {
  id: string;
  scope: MerchantScope;
  externalId: string;
  bankCode: string;
  accountName: string;
  accountNumber: string;
  description: string;
  amount: number;
  batchId?: string;
  withdrawalId?: string;
}

/** A new payout's row; the rules deciding these fields are PayoutsService's. */
export interface PayoutInsert extends PayoutDetails {
  reservationId: string;
  provider: string;
  failover: string[];
  /** Development: the sandbox bank's outcome (encoded), due `sandboxSeconds` from now. */
  sandboxOutcome: string | null;
  sandboxSeconds: number;
  /** Upstream: queued for the dispatcher, due at once. */
  queued: boolean;
}

/** Sent to a provider and not finished: the dispatcher keeps checking it and never sends it elsewhere. */
const IN_DOUBT = `d.environment = 'production' AND d.status = 'pending' AND d.provider_stage IN ('submitting', 'submitted')`;

const json = (value: object | null): string | null => (value === null ? null : JSON.stringify(value));

/**
 * A payout's state on its disbursements row, the provider calls made for it and operators'
 * resolutions. State changes join the transaction that moves its money and emits its callback
 * (Propagation.Mandatory); the dispatcher's claim and `submitting` mark commit on their own,
 * before the provider call.
 */
@Injectable()
export class PayoutsRepository {
  constructor(private readonly sql: Sql) {}

  @Transactional(Propagation.Mandatory)
  async insert(payout: PayoutInsert): Promise<DisbursementRow> {
    const [row] = await this.sql.query<DisbursementRow>(
      `INSERT INTO disbursements (id, merchant_id, environment, external_id, bank_code, account_name, account_number, description, amount,
                                  status, reservation_id, batch_id, withdrawal_id, provider, sandbox_outcome, sandbox_outcome_at,
                                  provider_failover, provider_stage, next_action_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $12, $13, $14,
               CASE WHEN $14::text IS NULL THEN NULL ELSE now() + make_interval(secs => $15) END,
               $16, CASE WHEN $17 THEN 'queued' END, CASE WHEN $17 THEN now() END)
       RETURNING ${DISBURSEMENT_COLUMNS}`,
      [payout.id, payout.scope.merchantId, payout.scope.environment, payout.externalId, payout.bankCode, payout.accountName,
        payout.accountNumber, payout.description, payout.amount, payout.reservationId, payout.batchId ?? null, payout.withdrawalId ?? null,
        payout.provider, payout.sandboxOutcome, payout.sandboxSeconds, payout.failover, payout.queued],
    );
    return row;
  }

  /** The payout, locked for a state change. */
  @Transactional(Propagation.Mandatory)
  lock(id: string): Promise<DisbursementRow | undefined> {
    return this.sql.one<DisbursementRow>(`SELECT ${DISBURSEMENT_COLUMNS} FROM disbursements WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** The development payout whose sandbox outcome is due first, locked; one another worker holds is skipped. */
  @Transactional(Propagation.Mandatory)
  lockSandboxDue(): Promise<(DisbursementRow & { sandbox_outcome: string }) | undefined> {
    return this.sql.one<DisbursementRow & { sandbox_outcome: string }>(
      `SELECT ${DISBURSEMENT_COLUMNS} FROM disbursements
       WHERE status = 'pending' AND environment = 'development' AND sandbox_outcome_at <= now()
       ORDER BY sandbox_outcome_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
  }

  /** Done or failed, for good: the dispatcher stops acting on it. */
  @Transactional(Propagation.Mandatory)
  async markFinished(id: string, status: 'done' | 'failed', failureCode: FailureCode | null): Promise<DisbursementRow> {
    const [row] = await this.sql.query<DisbursementRow>(
      `UPDATE disbursements SET status = $2, failure_code = $3, completed_at = now(), next_action_at = NULL, dispatch_lease = NULL
       WHERE id = $1 RETURNING ${DISBURSEMENT_COLUMNS}`,
      [id, status, failureCode],
    );
    return row;
  }

  findByWithdrawal(withdrawalId: string): Promise<DisbursementRow | undefined> {
    return this.sql.one<DisbursementRow>(`SELECT ${DISBURSEMENT_COLUMNS} FROM disbursements WHERE withdrawal_id = $1`, [withdrawalId]);
  }

  /** Leases the payout due first for `leaseSeconds` (it is due again if the worker dies). */
  claimDue(leaseSeconds: number): Promise<DispatchRow | undefined> {
    return this.sql.one<DispatchRow>(
      `UPDATE disbursements SET next_action_at = now() + make_interval(secs => $1), dispatch_lease = gen_random_uuid()
       WHERE id = (SELECT id FROM disbursements WHERE next_action_at <= now() ORDER BY next_action_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING ${DISBURSEMENT_COLUMNS}`,
      [leaseSeconds],
    );
  }

  /** Before the call that can move money; undefined when the payout ended or the lease was lost meanwhile. */
  markSubmitting(id: string, lease: string): Promise<DispatchRow | undefined> {
    return this.sql.one<DispatchRow>(
      `UPDATE disbursements SET provider_stage = 'submitting', submitted_at = coalesce(submitted_at, now())
       WHERE id = $1 AND status = 'pending' AND dispatch_lease = $2 RETURNING ${DISBURSEMENT_COLUMNS}`,
      [id, lease],
    );
  }

  /** The payout a provider reports on, locked: a production one by our id, else by the provider's reference. */
  @Transactional(Propagation.Mandatory)
  lockReported(provider: ProviderName, match: { id?: string; reference?: string }): Promise<DispatchRow | undefined> {
    return match.id
      ? this.sql.one<DispatchRow>(`SELECT ${DISBURSEMENT_COLUMNS} FROM disbursements WHERE id = $1 AND environment = 'production' FOR UPDATE`, [match.id])
      : this.sql.one<DispatchRow>(
          `SELECT ${DISBURSEMENT_COLUMNS} FROM disbursements WHERE provider = $1 AND provider_reference = $2 FOR UPDATE`,
          [provider, match.reference],
        );
  }

  @Transactional(Propagation.Mandatory)
  async recordAttempts(
    id: string,
    provider: ProviderName,
    attempts: { call: ProviderCallRecord; outcome: DisbursementAttemptRow['outcome']; failureCode: FailureCode | null }[],
  ): Promise<void> {
    for (const { call, outcome, failureCode } of attempts) {
      await this.sql.query(
        `INSERT INTO disbursement_attempts (disbursement_id, provider, operation, request, http_status, response_code, outcome, failure_code, error, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, provider, call.operation, JSON.stringify(call.request), call.httpStatus, call.responseCode, outcome, failureCode, call.error, call.durationMs],
      );
    }
  }

  /** The next step is due at once: now, or (under `lease`) by the worker holding it. */
  @Transactional(Propagation.Mandatory)
  async advance(id: string, state: PayoutState, lease: string | undefined): Promise<DispatchRow> {
    const [row] = await this.sql.query<DispatchRow>(
      `UPDATE disbursements SET provider_stage = $2, provider_reference = $3, provider_data = $4,
              next_action_at = CASE WHEN $5::uuid IS NULL THEN now() ELSE next_action_at END
       WHERE id = $1 RETURNING ${DISBURSEMENT_COLUMNS}`,
      [id, state.stage, state.reference, json(state.data), lease ?? null],
    );
    return row;
  }

  /**
   * The provider has it: checked again in `checkInSeconds`, and no later than the moment it is
   * due to be raised to operators (`alertAfterSeconds` after it was sent), who are told once;
   * `alerted` when that moment is now.
   */
  @Transactional(Propagation.Mandatory)
  async recordWaiting(id: string, state: PayoutState, checkInSeconds: number, alertAfterSeconds: number): Promise<DispatchRow & { alerted: boolean }> {
    const [row] = await this.sql.query<DispatchRow & { alerted: boolean }>(
      `UPDATE disbursements SET provider_stage = $2, provider_reference = $3, provider_data = $4, status_checks = status_checks + 1,
              dispatch_lease = NULL,
              in_doubt_alerted_at = CASE WHEN in_doubt_alerted_at IS NULL AND submitted_at <= now() - make_interval(secs => $6) THEN now()
                                         ELSE in_doubt_alerted_at END,
              next_action_at = CASE WHEN in_doubt_alerted_at IS NULL AND submitted_at > now() - make_interval(secs => $6)
                                    THEN least(now() + make_interval(secs => $5), submitted_at + make_interval(secs => $6))
                                    ELSE now() + make_interval(secs => $5) END
       WHERE id = $1
       RETURNING ${DISBURSEMENT_COLUMNS}, in_doubt_alerted_at IS NOT NULL AND in_doubt_alerted_at = now() AS alerted`,
      [id, state.stage, state.reference, json(state.data), checkInSeconds, alertAfterSeconds],
    );
    return row;
  }

  @Transactional(Propagation.Mandatory)
  async setProviderReference(id: string, reference: string): Promise<void> {
    await this.sql.query('UPDATE disbursements SET provider_reference = $2 WHERE id = $1', [id, reference]);
  }

  /** Starts over, queued at `provider` (moved no money where it was); `lease` keeps it with the worker holding it. */
  @Transactional(Propagation.Mandatory)
  async failOver(id: string, provider: ProviderName, failover: ProviderName[], lease: string | undefined): Promise<DispatchRow> {
    const [row] = await this.sql.query<DispatchRow>(
      `UPDATE disbursements SET provider = $2, provider_failover = $3, provider_stage = 'queued', provider_reference = NULL,
              provider_data = NULL, status_checks = 0, next_action_at = now(), dispatch_lease = $4,
              submitted_at = NULL, in_doubt_alerted_at = NULL
       WHERE id = $1 RETURNING ${DISBURSEMENT_COLUMNS}`,
      [id, provider, failover, lease ?? null],
    );
    return row;
  }

  /** Production payouts sent to one of `providers`, pending or finished since `since`; newest first. */
  sentToProviders(providers: ProviderName[], since: Date, limit: number): Promise<DispatchRow[]> {
    return this.sql.query<DispatchRow>(
      `SELECT ${DISBURSEMENT_COLUMNS} FROM disbursements
       WHERE environment = 'production' AND provider = ANY($3::text[]) AND provider_stage IN ('submitting', 'submitted')
         AND (status = 'pending' OR completed_at >= $1)
       ORDER BY created_at DESC LIMIT $2`,
      [since, limit, providers],
    );
  }

  /** Oldest first. */
  attempts(id: string): Promise<DisbursementAttemptRow[]> {
    return this.sql.query<DisbursementAttemptRow>(`SELECT ${ATTEMPT_COLUMNS} FROM disbursement_attempts WHERE disbursement_id = $1 ORDER BY id`, [id]);
  }

  /**
   * Unfinished payouts by environment and stage: the provider stage of an upstream one,
   * `sandbox` for development, `manual` for a production one an operator pays out.
   */
  pendingByStage(): Promise<{ environment: 'development' | 'production'; stage: string; count: number }[]> {
    return this.sql.query(
      `SELECT environment, coalesce(provider_stage, CASE WHEN environment = 'development' THEN 'sandbox' ELSE 'manual' END) AS stage, count(*)::int AS count
       FROM disbursements WHERE status = 'pending'
       GROUP BY 1, 2`,
    );
  }

  /** How many payouts are in doubt and since when the oldest (index disbursements_in_doubt). */
  async inDoubtSummary(): Promise<{ count: number; oldest_submitted_at: Date | null }> {
    const [row] = await this.sql.query<{ count: number; oldest_submitted_at: Date | null }>(
      `SELECT count(*)::int AS count, min(d.submitted_at) AS oldest_submitted_at FROM disbursements d WHERE ${IN_DOUBT}`,
    );
    return row;
  }

  /** In doubt since at least `olderThanSeconds` ago, oldest first. */
  listInDoubt(olderThanSeconds: number, limit: number): Promise<(DisbursementRow & { submitted_at: Date })[]> {
    return this.sql.query<DisbursementRow & { submitted_at: Date }>(
      `SELECT ${DISBURSEMENT_COLUMNS.of('d')} FROM disbursements d
       WHERE ${IN_DOUBT} AND d.submitted_at <= now() - make_interval(secs => $1)
       ORDER BY d.submitted_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  /** The payout, locked, and whether it is in doubt. */
  @Transactional(Propagation.Mandatory)
  lockForResolution(id: string): Promise<(DisbursementRow & { in_doubt: boolean }) | undefined> {
    return this.sql.one<DisbursementRow & { in_doubt: boolean }>(
      `SELECT ${DISBURSEMENT_COLUMNS.of('d')}, (${IN_DOUBT}) AS in_doubt FROM disbursements d WHERE d.id = $1 FOR UPDATE`,
      [id],
    );
  }

  @Transactional(Propagation.Mandatory)
  async insertResolution(resolution: Omit<PayoutResolution, 'resolved_at'>): Promise<PayoutResolution> {
    const [row] = await this.sql.query<PayoutResolution>(
      `INSERT INTO payout_resolutions (disbursement_id, status, failure_code, reason, resolved_by, provider, provider_reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${RESOLUTION_COLUMNS}`,
      [resolution.disbursement_id, resolution.status, resolution.failure_code, resolution.reason, resolution.resolved_by,
        resolution.provider, resolution.provider_reference],
    );
    return row;
  }
}

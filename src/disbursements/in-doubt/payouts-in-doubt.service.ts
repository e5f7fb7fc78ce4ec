import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import { queryRows } from '../../database/query-rows';
import type { FailureCode } from '../../providers/payout-provider.port';
import { PayoutsService } from '../payouts/payouts.service';

/** A production payout sent to a provider whose outcome is still unknown. */
export interface PayoutInDoubt {
  disbursement_id: string;
  merchant_id: string;
  provider: string;
  provider_reference: string | null;
  amount: number;
  bank_code: string;
  account_number: string;
  submitted_at: Date;
  status_checks: number;
  /** When operators were told (the `payout.in_doubt` log line); null before the alert time. */
  alerted_at: Date | null;
}

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

export interface PayoutResolutionInput {
  status: 'done' | 'failed';
  /** Required when failed. */
  failureCode?: FailureCode;
  reason: string;
  /** The person resolving it, by name (until operators sign in under their own accounts). */
  resolvedBy: string;
}

const IN_DOUBT = `d.environment = 'production' AND d.status = 'pending' AND d.provider_stage IN ('submitting', 'submitted')`;

/**
 * Payouts that may have reached a provider and have no outcome yet. The dispatcher keeps
 * checking them and never sends them anywhere else; past PAYOUT_IN_DOUBT_ALERT_SECONDS they
 * are raised to operators, who confirm the outcome with the provider and record it here,
 * once, with their name and a written reason.
 */
@Injectable()
export class PayoutsInDoubtService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly payouts: PayoutsService,
    private readonly config: AppConfig,
  ) {}

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.txHost.tx, sql, parameters);
  }

  /** In doubt for longer than the alert time (or `olderThanSeconds`), oldest first. */
  list(olderThanSeconds = this.config.providers.inDoubtAlertSeconds, limit = 500): Promise<PayoutInDoubt[]> {
    return this.query<PayoutInDoubt>(
      `SELECT d.id AS disbursement_id, d.merchant_id, d.provider, d.provider_reference, d.amount, d.bank_code, d.account_number,
              d.submitted_at, d.status_checks, d.in_doubt_alerted_at AS alerted_at
       FROM disbursements d
       WHERE ${IN_DOUBT} AND d.submitted_at <= now() - make_interval(secs => $1)
       ORDER BY d.submitted_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  /**
   * The operator's verdict on a payout in doubt: posts or voids its reservation (the
   * merchant is called back as for any outcome) and stops the status checks. Only a payout
   * still in doubt can be resolved, and only once.
   */
  @Transactional()
  async resolve(id: string, input: PayoutResolutionInput): Promise<PayoutResolution> {
    if (input.status === 'failed' && !input.failureCode) {
      throw new DomainError('API_VALIDATION_ERROR', 'failure_code is required when the payout is resolved as failed');
    }
    if (input.reason.length < 10) throw new DomainError('API_VALIDATION_ERROR', 'reason must say, in at least 10 characters, how the outcome was confirmed');
    if (!input.resolvedBy) throw new DomainError('API_VALIDATION_ERROR', 'resolved_by is required: who resolves this payout');
    const [row] = await this.query<{ status: string; provider: string; provider_reference: string | null; in_doubt: boolean }>(
      `SELECT d.status, d.provider, d.provider_reference, (${IN_DOUBT}) AS in_doubt FROM disbursements d WHERE d.id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw new DomainError('DISBURSEMENT_NOT_FOUND_ERROR', `No disbursement with id ${id}`);
    if (row.status !== 'pending') throw new DomainError('DISBURSEMENT_ALREADY_COMPLETED_ERROR', `Disbursement ${id} is already ${row.status}`);
    if (!row.in_doubt) {
      throw new DomainError('DISBURSEMENT_NOT_IN_DOUBT_ERROR', `Disbursement ${id} has not been sent to a provider yet; it cannot be resolved by hand`);
    }
    await this.payouts.finish(id, input.status === 'done' ? { status: 'done' } : { status: 'failed', failureCode: input.failureCode!, reason: input.reason });
    const [resolution] = await this.query<PayoutResolution>(
      `INSERT INTO payout_resolutions (disbursement_id, status, failure_code, reason, resolved_by, provider, provider_reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING disbursement_id, status, failure_code, reason, resolved_by, provider, provider_reference, resolved_at`,
      [id, input.status, input.status === 'failed' ? input.failureCode : null, input.reason, input.resolvedBy, row.provider, row.provider_reference],
    );
    return resolution;
  }
}

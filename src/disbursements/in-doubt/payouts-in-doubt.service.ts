import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { Environment } from '../../common/environment';
import { isResourceId } from '../../common/ids';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import type { FailureCode } from '../../domain/failure-codes';
import { PayoutResolution, PayoutsRepository } from '../payouts/payouts.repository';
import { PayoutsService } from '../payouts/payouts.service';

export type { PayoutResolution };

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

/** What four-eyes rules need to know of a payout in doubt. */
export interface PayoutInDoubtSubject {
  disbursement_id: string;
  merchant_id: string;
  environment: Environment;
  amount: number;
  status: 'pending' | 'done' | 'failed';
}

export interface PayoutResolutionInput {
  status: 'done' | 'failed';
  /** Required when failed. */
  failureCode?: FailureCode;
  reason: string;
  /** Who resolved it: the operators who prepared and approved it, or the name given with the bootstrap token. */
  resolvedBy: string;
}

/**
 * Payouts that may have reached a provider and have no outcome yet. The dispatcher keeps
 * checking them and never sends them anywhere else; past PAYOUT_IN_DOUBT_ALERT_SECONDS they
 * are raised to operators, who confirm the outcome with the provider and record it here,
 * once, with their name and a written reason.
 */
@Injectable()
export class PayoutsInDoubtService {
  constructor(
    private readonly payoutRows: PayoutsRepository,
    private readonly payouts: PayoutsService,
    private readonly config: AppConfig,
  ) {}

  /** In doubt for longer than the alert time (or `olderThanSeconds`), oldest first. */
  async list(olderThanSeconds = this.config.providers.inDoubtAlertSeconds, limit = 500): Promise<PayoutInDoubt[]> {
    const rows = await this.payoutRows.listInDoubt(olderThanSeconds, limit);
    return rows.map((row) => ({
      disbursement_id: row.id,
      merchant_id: row.merchant_id,
      provider: row.provider,
      provider_reference: row.provider_reference,
      amount: row.amount,
      bank_code: row.bank_code,
      account_number: row.account_number,
      submitted_at: row.submitted_at,
      status_checks: row.status_checks,
      alerted_at: row.in_doubt_alerted_at,
    }));
  }

  /** How many payouts are in doubt now (whatever their age) and when the oldest was sent. */
  summary(): Promise<{ count: number; oldest_submitted_at: Date | null }> {
    return this.payoutRows.inDoubtSummary();
  }

  /** A payout that may be resolved (four-eyes rules look at its amount), locked until the caller's transaction ends. */
  @Transactional(Propagation.Mandatory)
  async lockInDoubt(id: string): Promise<PayoutInDoubtSubject> {
    const row = isResourceId(id) ? await this.payoutRows.lockForResolution(id) : undefined;
    if (!row) throw new DomainError('DISBURSEMENT_NOT_FOUND_ERROR', `No disbursement with id ${id}`);
    if (row.status === 'pending' && !row.in_doubt) {
      throw new DomainError('DISBURSEMENT_NOT_IN_DOUBT_ERROR', `Disbursement ${id} has not been sent to a provider yet; it cannot be resolved by hand`);
    }
    return { disbursement_id: row.id, merchant_id: row.merchant_id, environment: row.environment, amount: row.amount, status: row.status };
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
    const row = await this.payoutRows.lockForResolution(id);
    if (!row) throw new DomainError('DISBURSEMENT_NOT_FOUND_ERROR', `No disbursement with id ${id}`);
    if (row.status !== 'pending') throw new DomainError('DISBURSEMENT_ALREADY_COMPLETED_ERROR', `Disbursement ${id} is already ${row.status}`);
    if (!row.in_doubt) {
      throw new DomainError('DISBURSEMENT_NOT_IN_DOUBT_ERROR', `Disbursement ${id} has not been sent to a provider yet; it cannot be resolved by hand`);
    }
    await this.payouts.finish(id, input.status === 'done' ? { status: 'done' } : { status: 'failed', failureCode: input.failureCode!, reason: input.reason });
    return this.payoutRows.insertResolution({
      disbursement_id: id,
      status: input.status,
      failure_code: input.status === 'failed' ? input.failureCode! : null,
      reason: input.reason,
      resolved_by: input.resolvedBy,
      provider: row.provider,
      provider_reference: row.provider_reference,
    });
  }
}

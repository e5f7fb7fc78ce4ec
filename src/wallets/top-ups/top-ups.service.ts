import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { Environment, MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { isResourceId, newResourceId } from '../../common/ids';
import type { Page } from '../../common/pagination';
import { CallbacksService } from '../../callbacks/outbox/callbacks.service';
import { MoneyMovementsService } from '../money-movements.service';
import type { TopUpStatus } from './top-ups.dto';
import { TopUpRow, TopUpsRepository } from './top-ups.repository';
import { IdempotencyService } from '../../idempotency/idempotency.service';

export interface TopUpView {
  id: string;
  status: TopUpStatus;
  amount: number;
  transfer_reference: string;
  reason: string | null;
  created: string;
  decided: string | null;
}

export interface AdminTopUpView extends TopUpView {
  merchant_id: string;
  environment: Environment;
}

function view(topUp: TopUpRow): TopUpView {
  return {
    id: topUp.id,
    status: topUp.status,
    amount: topUp.amount,
    transfer_reference: topUp.transfer_reference,
    reason: topUp.decision_reason,
    created: topUp.created_at.toISOString(),
    decided: topUp.decided_at?.toISOString() ?? null,
  };
}

function adminView(topUp: TopUpRow): AdminTopUpView {
  return { ...view(topUp), merchant_id: topUp.merchant_id, environment: topUp.environment };
}

const ownerOf = (topUp: TopUpRow): MerchantScope => ({ merchantId: topUp.merchant_id, environment: topUp.environment });

/**
 * Top-ups of the disburse wallet. The merchant declares its bank transfer; only an
 * operator's approval credits the wallet (once per top-up: MoneyMovementsService.creditTopUp).
 * In development the sandbox approves at once.
 */
@Injectable()
export class TopUpsService {
  constructor(
    private readonly topUps: TopUpsRepository,
    private readonly money: MoneyMovementsService,
    private readonly callbacks: CallbacksService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Transactional()
  async declare(owner: MerchantScope, input: { amount: number; transferReference: string }): Promise<TopUpView> {
    const topUp = await this.topUps.insertPending({
      id: newResourceId(),
      merchant_id: owner.merchantId,
      environment: owner.environment,
      amount: input.amount,
      transfer_reference: input.transferReference,
    });
    if (!topUp) {
      throw new DomainError('DUPLICATE_TOP_UP_ERROR', `A top-up with transfer_reference ${input.transferReference} already exists`);
    }
    return this.idempotency.recordResponse(view(owner.environment === 'development' ? await this.approveLocked(topUp) : topUp));
  }

  async get(owner: MerchantScope, id: string): Promise<TopUpView> {
    const topUp = isResourceId(id) ? await this.topUps.ownedBy(owner, id) : undefined;
    if (!topUp) throw new DomainError('TOP_UP_NOT_FOUND_ERROR', `No top-up with id ${id}`);
    return view(topUp);
  }

  list(owner: MerchantScope, query: { limit?: number; cursor?: string; status?: TopUpStatus }): Promise<Page<TopUpView>> {
    return this.topUps.page({ owner, status: query.status }, query, view);
  }

  listAll(query: { limit?: number; cursor?: string; status?: TopUpStatus }): Promise<Page<AdminTopUpView>> {
    return this.topUps.page({ status: query.status }, query, adminView);
  }

  /** A top-up about to be decided (four-eyes rules look at its amount), locked until the caller's transaction ends. */
  @Transactional(Propagation.Mandatory)
  async lockForDecision(id: string): Promise<AdminTopUpView> {
    return adminView(await this.lock(id));
  }

  /** Credits the disburse wallet. Approving an approved top-up again changes nothing. */
  @Transactional()
  async approve(id: string): Promise<AdminTopUpView> {
    const topUp = await this.lock(id);
    if (topUp.status === 'approved') return adminView(topUp);
    this.assertPending(topUp, 'approve');
    return adminView(await this.approveLocked(topUp));
  }

  @Transactional()
  async reject(id: string, reason: string): Promise<AdminTopUpView> {
    const topUp = await this.lock(id);
    if (topUp.status === 'rejected') return adminView(topUp);
    this.assertPending(topUp, 'reject');
    const rejected = await this.topUps.decide(topUp.id, 'rejected', reason);
    await this.callbacks.emit(ownerOf(rejected), 'top_up.rejected', rejected.id, rejected.id, view(rejected));
    return adminView(rejected);
  }

  /**
   * Takes an approved top-up back out of the disburse wallet (the bank transfer bounced or
   * was credited by mistake). Refused if the money has already been disbursed.
   */
  @Transactional()
  async reverse(id: string, reason: string): Promise<AdminTopUpView> {
    const topUp = await this.lock(id);
    if (topUp.status === 'reversed') return adminView(topUp);
    if (topUp.status !== 'approved') {
      throw new DomainError('TOP_UP_ALREADY_DECIDED_ERROR', `Top-up ${id} is ${topUp.status}; only approved top-ups can be reversed`);
    }
    await this.money.reverseTopUp(topUp.id);
    return adminView(await this.topUps.decide(topUp.id, 'reversed', reason));
  }

  private async approveLocked(topUp: TopUpRow): Promise<TopUpRow> {
    await this.money.creditTopUp({ ...ownerOf(topUp), id: topUp.id, amount: topUp.amount });
    const approved = await this.topUps.decide(topUp.id, 'approved', null);
    await this.callbacks.emit(ownerOf(approved), 'top_up.approved', approved.id, approved.id, view(approved));
    return approved;
  }

  private assertPending(topUp: TopUpRow, action: string): void {
    if (topUp.status !== 'pending') {
      throw new DomainError('TOP_UP_ALREADY_DECIDED_ERROR', `Top-up ${topUp.id} is already ${topUp.status}; cannot ${action} it`);
    }
  }

  private async lock(id: string): Promise<TopUpRow> {
    const topUp = isResourceId(id) ? await this.topUps.lock(id) : undefined;
    if (!topUp) throw new DomainError('TOP_UP_NOT_FOUND_ERROR', `No top-up with id ${id}`);
    return topUp;
  }
}

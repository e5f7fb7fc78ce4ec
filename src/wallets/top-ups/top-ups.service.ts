import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Environment, MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { isResourceId, newResourceId } from '../../common/ids';
import type { Page } from '../../common/pagination';
import { pageNewestFirst } from '../../database/paginate';
import { CallbacksService } from '../../callbacks/outbox/callbacks.service';
import { MoneyMovementsService } from '../money-movements.service';
import { TopUp, TopUpStatus } from './top-up.entity';

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

const UNIQUE_VIOLATION = '23505';

function view(topUp: TopUp): TopUpView {
  return {
    id: topUp.id,
    status: topUp.status,
    amount: topUp.amount,
    transfer_reference: topUp.transferReference,
    reason: topUp.decisionReason,
    created: topUp.createdAt.toISOString(),
    decided: topUp.decidedAt?.toISOString() ?? null,
  };
}

function adminView(topUp: TopUp): AdminTopUpView {
  return { ...view(topUp), merchant_id: topUp.merchantId, environment: topUp.environment };
}

/**
 * Top-ups of the disburse wallet. The merchant declares its bank transfer; only an
 * operator's approval credits the wallet (once per top-up: MoneyMovementsService.creditTopUp).
 * In development the sandbox approves at once.
 */
@Injectable()
export class TopUpsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly money: MoneyMovementsService,
    private readonly callbacks: CallbacksService,
  ) {}

  private get topUps() {
    return this.txHost.tx.getRepository(TopUp);
  }

  @Transactional()
  async declare(owner: MerchantScope, input: { amount: number; transferReference: string }): Promise<TopUpView> {
    const topUp = this.topUps.create({
      id: newResourceId(),
      merchantId: owner.merchantId,
      environment: owner.environment,
      amount: input.amount,
      transferReference: input.transferReference,
      status: 'pending',
    });
    try {
      // Savepoint-free: a duplicate aborts this transaction, which is all we do in it.
      await this.topUps.insert(topUp);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new DomainError(
          'DUPLICATE_TOP_UP_ERROR',
          `A top-up with transfer_reference ${input.transferReference} already exists`,
        );
      }
      throw error;
    }
    if (owner.environment === 'development') return view(await this.approveLocked(topUp));
    return view(await this.topUps.findOneByOrFail({ id: topUp.id }));
  }

  async get(owner: MerchantScope, id: string): Promise<TopUpView> {
    const topUp = isResourceId(id)
      ? await this.topUps.findOneBy({ id, merchantId: owner.merchantId, environment: owner.environment })
      : null;
    if (!topUp) throw new DomainError('TOP_UP_NOT_FOUND_ERROR', `No top-up with id ${id}`);
    return view(topUp);
  }

  list(owner: MerchantScope, query: { limit?: number; cursor?: string; status?: TopUpStatus }): Promise<Page<TopUpView>> {
    return this.page(query, view, owner);
  }

  listAll(query: { limit?: number; cursor?: string; status?: TopUpStatus }): Promise<Page<AdminTopUpView>> {
    return this.page(query, adminView);
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
    const rejected = await this.decide(topUp, 'rejected', reason);
    await this.callbacks.emit(rejected, 'top_up.rejected', rejected.id, rejected.id, view(rejected));
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
    return adminView(await this.decide(topUp, 'reversed', reason));
  }

  private async approveLocked(topUp: TopUp): Promise<TopUp> {
    await this.money.creditTopUp(topUp);
    const approved = await this.decide(topUp, 'approved', null);
    await this.callbacks.emit(approved, 'top_up.approved', approved.id, approved.id, view(approved));
    return approved;
  }

  private async decide(topUp: TopUp, status: TopUpStatus, reason: string | null): Promise<TopUp> {
    await this.topUps.update({ id: topUp.id }, { status, decisionReason: reason, decidedAt: () => 'now()' });
    return this.topUps.findOneByOrFail({ id: topUp.id });
  }

  private assertPending(topUp: TopUp, action: string): void {
    if (topUp.status !== 'pending') {
      throw new DomainError('TOP_UP_ALREADY_DECIDED_ERROR', `Top-up ${topUp.id} is already ${topUp.status}; cannot ${action} it`);
    }
  }

  private async lock(id: string): Promise<TopUp> {
    const topUp = isResourceId(id)
      ? await this.topUps.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!topUp) throw new DomainError('TOP_UP_NOT_FOUND_ERROR', `No top-up with id ${id}`);
    return topUp;
  }

  private page<T>(
    query: { limit?: number; cursor?: string; status?: TopUpStatus },
    toView: (row: TopUp) => T,
    owner?: MerchantScope,
  ): Promise<Page<T>> {
    const builder = this.topUps.createQueryBuilder('t');
    if (owner) builder.andWhere('t.merchant_id = :merchantId AND t.environment = :environment', owner);
    if (query.status) builder.andWhere('t.status = :status', { status: query.status });
    return pageNewestFirst(builder, query, toView);
  }
}

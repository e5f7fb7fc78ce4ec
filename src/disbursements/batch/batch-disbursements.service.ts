import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { isResourceId, newResourceId } from '../../common/ids';
import { WalletsService } from '../../wallets/wallets.service';
import { DisbursementInput, DisbursementsService, validationError } from '../create-disbursement/disbursements.service';
import { disbursementView, DisbursementView } from '../disbursement.views';
import { DisbursementsRepository } from '../disbursements.repository';
import { PayoutsService } from '../payouts/payouts.service';
import { IdempotencyService } from '../../idempotency/idempotency.service';

export interface BatchView {
  id: string;
  reference: string;
  status: 'pending' | 'completed';
  item_count: number;
  total_amount: number;
  counts: { pending: number; done: number; failed: number };
  disbursements: DisbursementView[];
}

/** Up to 1,000 disbursements in one request: every item valid and funded, or nothing created. */
@Injectable()
export class BatchDisbursementsService {
  constructor(
    private readonly disbursementRows: DisbursementsRepository,
    private readonly disbursements: DisbursementsService,
    private readonly payouts: PayoutsService,
    private readonly wallets: WalletsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Transactional()
  async create(scope: MerchantScope, reference: string, items: DisbursementInput[]): Promise<BatchView> {
    const problems = items.flatMap((item, index) => this.disbursements.problemsOf(item, `disbursements[${index}].`));
    if (problems.length) throw validationError(problems);
    const routes = items.map((item) => this.disbursements.routeFor(scope, item.bankCode));
    const total = items.reduce((sum, item) => sum + item.amount, 0);
    const { available } = await this.wallets.balance(scope.merchantId, scope.environment, 'disburse');
    if (total > available) {
      throw new DomainError('INSUFFICIENT_BALANCE', `Insufficient balance in the disburse wallet: ${available} available, batch total ${total}`);
    }
    const batchId = newResourceId();
    await this.disbursementRows.insertBatch({ id: batchId, scope, reference, itemCount: items.length, totalAmount: total });
    // Each item reserves its own amount; the ledger still refuses an overdraft, which rolls everything back.
    for (const [index, item] of items.entries()) {
      await this.payouts.open({ id: newResourceId(), scope, source: 'merchant', route: routes[index], batchId, ...item });
    }
    return this.idempotency.recordResponse(await this.get(scope, batchId));
  }

  async get(scope: MerchantScope, id: string): Promise<BatchView> {
    const batch = isResourceId(id) ? await this.disbursementRows.findBatch(scope, id) : undefined;
    if (!batch) throw new DomainError('BATCH_DISBURSEMENT_NOT_FOUND_ERROR', `No batch disbursement with id ${id}`);
    const rows = await this.disbursementRows.batchItems(id);
    const counts = { pending: 0, done: 0, failed: 0 };
    for (const row of rows) counts[row.status] += 1;
    return {
      id: batch.id,
      reference: batch.reference,
      status: batch.status,
      item_count: batch.item_count,
      total_amount: batch.total_amount,
      counts,
      disbursements: rows.map(disbursementView),
    };
  }
}

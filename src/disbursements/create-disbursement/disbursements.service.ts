import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import type { MerchantScope } from '../../common/environment';
import type { ResourceListFilter } from '../../common/resource-list-query';
import { DomainError, FieldError } from '../../common/errors/domain-error';
import { isResourceId, newResourceId } from '../../common/ids';
import { IdempotencyService, StoreResponse } from '../../idempotency/idempotency.service';
import { ProviderRegistry } from '../../providers/provider-registry.service';
import { MoneyMovementsService } from '../../wallets/money-movements.service';
import { disbursementRecordView, DisbursementRecordView, DisbursementStatus, disbursementView, DisbursementView } from '../disbursement.views';
import { DisbursementRow, DisbursementsRepository } from '../disbursements.repository';
import type { FailureCode } from '../../domain/failure-codes';
import { PayoutsService } from '../payouts/payouts.service';
import { GroupCommit, ItemOutcome } from './group-commit';

export interface DisbursementInput {
  bankCode: string;
  accountName: string;
  accountNumber: string;
  description: string;
  externalId: string;
  amount: number;
}

/** One create-disbursement request waiting for its wallet's group commit. */
interface QueuedDisbursement {
  scope: MerchantScope;
  input: DisbursementInput;
  route: string[];
  storeResponse?: StoreResponse;
}

/** The most requests one transaction takes: bounds how long the wallet stays locked. */
const MAX_GROUP = 200;

/**
 * Disbursements from the disburse wallet: created with their reservation in one
 * transaction (not enough balance: nothing is created), read back, and in development
 * completed or failed on request.
 *
 * Creates of one wallet are group-committed: concurrent requests share one transaction
 * that locks the wallet once (see README, "Wallets and the ledger"), so one merchant's
 * throughput is bounded by commits, not by one lock hold per request.
 */
@Injectable()
export class DisbursementsService {
  private readonly groups = new GroupCommit<QueuedDisbursement, DisbursementView>(MAX_GROUP, (items) => this.commitGroup(items));

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly disbursementRows: DisbursementsRepository,
    private readonly banks: BankRegistryService,
    private readonly providers: ProviderRegistry,
    private readonly payouts: PayoutsService,
    private readonly money: MoneyMovementsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  async create(scope: MerchantScope, input: DisbursementInput): Promise<DisbursementView> {
    const problems = this.problemsOf(input, '');
    if (problems.length) throw validationError(problems);
    const route = this.routeFor(scope, input.bankCode);
    // Taken here, in the request's context: the group's transaction stores it with the disbursement.
    const storeResponse = this.idempotency.responseRecorder();
    return this.groups.submit(`${scope.merchantId}:${scope.environment}`, { scope, input, route, storeResponse });
  }

  /**
   * One transaction for requests of one wallet, decided in arrival order. Alone, a request
   * is written as without batching (the ledger checks its balance). Together, the wallet is
   * locked once; a request that does not fit what is left is refused without a write, and
   * each one that fits is written in a savepoint, so an unexpected error undoes it alone.
   */
  private commitGroup(items: QueuedDisbursement[]): Promise<ItemOutcome<DisbursementView>[]> {
    return this.txHost.withTransaction(async () => {
      if (items.length === 1) return [{ ok: true, value: await this.write(items[0]) }];
      const allowance = await this.money.disburseAllowance(items[0].scope);
      const outcomes: ItemOutcome<DisbursementView>[] = [];
      for (const item of items) {
        try {
          allowance.need(item.input.amount);
          const value = await this.txHost.withTransaction(Propagation.Nested, () => this.write(item));
          allowance.spend(item.input.amount);
          outcomes.push({ ok: true, value });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      return outcomes;
    });
  }

  /** The reservation, the disbursement and its stored idempotent response. */
  private async write({ scope, input, route, storeResponse }: QueuedDisbursement): Promise<DisbursementView> {
    const view = disbursementView(await this.payouts.open({ id: newResourceId(), scope, source: 'merchant', route, ...input }));
    await storeResponse?.(view);
    return view;
  }

  /** Providers for a payout to this bank, failover order (PROVIDER_NOT_CONFIGURED_ERROR when none). */
  routeFor(scope: MerchantScope, bankCode: string): string[] {
    const bank = this.banks.requireDisbursementBank(bankCode);
    return this.providers.payoutRoute(scope.environment, { bankCode: bank.code, duitkuBankCode: bank.duitkuCode });
  }

  /** Bank code and amount limits of one item; `prefix` names the item in a batch. */
  problemsOf(input: DisbursementInput, prefix: string): FieldError[] {
    const problems: FieldError[] = [];
    let bank;
    try {
      bank = this.banks.requireDisbursementBank(input.bankCode);
    } catch {
      problems.push({ field: `${prefix}bank_code`, message: `${prefix}bank_code ${input.bankCode} is not a supported bank (GET /api/v2/banks)` });
    }
    if (bank && (input.amount < bank.minAmount || input.amount > bank.maxAmount)) {
      problems.push({ field: `${prefix}amount`, message: `${prefix}amount must be between ${bank.minAmount} and ${bank.maxAmount} for ${bank.code}` });
    }
    return problems;
  }

  async get(scope: MerchantScope, id: string): Promise<DisbursementRecordView> {
    return disbursementRecordView(await this.find(scope, id));
  }

  async list(scope: MerchantScope, status: DisbursementStatus | undefined, filter: ResourceListFilter): Promise<DisbursementRecordView[]> {
    return (await this.disbursementRows.list(scope, status, filter)).map(disbursementRecordView);
  }

  /** Development only: the sandbox bank completes or fails the disbursement now. */
  async simulate(scope: MerchantScope, id: string, outcome: 'done' | FailureCode): Promise<DisbursementView> {
    if (scope.environment !== 'development') {
      throw new DomainError('REQUEST_FORBIDDEN_ERROR', 'Simulations are for development keys only');
    }
    await this.find(scope, id);
    const row = await this.payouts.finish(id, outcome === 'done' ? { status: 'done' } : { status: 'failed', failureCode: outcome });
    return disbursementView(row);
  }

  private async find(scope: MerchantScope, id: string): Promise<DisbursementRow> {
    const row = isResourceId(id) ? await this.disbursementRows.findForMerchant(scope, id) : undefined;
    if (!row) throw new DomainError('DISBURSEMENT_NOT_FOUND_ERROR', `No disbursement with id ${id}`);
    return row;
  }
}

export function validationError(problems: FieldError[]): DomainError {
  return new DomainError('API_VALIDATION_ERROR', problems.map((p) => p.message).join('; '), problems);
}

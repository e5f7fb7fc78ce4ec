import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import type { MerchantScope } from '../../common/environment';
import { DomainError, FieldError } from '../../common/errors/domain-error';
import { isResourceId, newResourceId } from '../../common/ids';
import { queryRows } from '../../database/query-rows';
import { ProviderRegistry } from '../../providers/provider-registry.service';
import { DisbursementRow, disbursementView, DisbursementView } from '../disbursement.views';
import type { FailureCode } from '../payouts/payout-rules';
import { PayoutsService } from '../payouts/payouts.service';

export interface DisbursementInput {
  bankCode: string;
  accountName: string;
  accountNumber: string;
  description: string;
  externalId: string;
  amount: number;
}

/**
 * Disbursements from the disburse wallet: created with their reservation in one
 * transaction (not enough balance: nothing is created), read back, and in development
 * completed or failed on request.
 */
@Injectable()
export class DisbursementsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly banks: BankRegistryService,
    private readonly providers: ProviderRegistry,
    private readonly payouts: PayoutsService,
  ) {}

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.txHost.tx, sql, parameters);
  }

  @Transactional()
  async create(scope: MerchantScope, input: DisbursementInput): Promise<DisbursementView> {
    const problems = this.problemsOf(input, '');
    if (problems.length) throw validationError(problems);
    const row = await this.payouts.open({ id: newResourceId(), scope, source: 'merchant', route: this.routeFor(scope, input.bankCode), ...input });
    return disbursementView(row);
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

  async get(scope: MerchantScope, id: string): Promise<DisbursementView> {
    return disbursementView(await this.find(scope, id));
  }

  async findByExternalId(scope: MerchantScope, externalId: string): Promise<DisbursementView[]> {
    const rows = await this.query<DisbursementRow>(
      `SELECT * FROM disbursements WHERE merchant_id = $1 AND environment = $2 AND external_id = $3 AND withdrawal_id IS NULL
       ORDER BY created_at DESC, id DESC LIMIT 100`,
      [scope.merchantId, scope.environment, externalId],
    );
    return rows.map(disbursementView);
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
    const [row] = isResourceId(id)
      ? await this.query<DisbursementRow>(
          'SELECT * FROM disbursements WHERE id = $1 AND merchant_id = $2 AND environment = $3 AND withdrawal_id IS NULL',
          [id, scope.merchantId, scope.environment],
        )
      : [];
    if (!row) throw new DomainError('DISBURSEMENT_NOT_FOUND_ERROR', `No disbursement with id ${id}`);
    return row;
  }
}

export function validationError(problems: FieldError[]): DomainError {
  return new DomainError('API_VALIDATION_ERROR', problems.map((p) => p.message).join('; '), problems);
}

import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import type { MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { isResourceId, newResourceId } from '../../common/ids';
import { AppConfig } from '../../config/app-config';
import { ProviderRegistry } from '../../providers/provider-registry.service';
import { retailPaymentView, RetailPaymentRow, RetailPaymentView } from '../payable-resource';
import { assertChannelAmount, defaultExpiration, futureExpiration, PayableInput, resolveName, sandboxPayAt } from '../payable-input';
import { queryRows } from '../../database/query-rows';

export interface NewRetailPaymentInput extends PayableInput {
  retailOutletName: string;
  isSingleUse: boolean;
}

const MAX_CODE_ATTEMPTS = 10;

/** Alfamart payment codes: the payer pays the code at the till. */
@Injectable()
export class RetailPaymentsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly banks: BankRegistryService,
    private readonly providers: ProviderRegistry,
    private readonly config: AppConfig,
  ) {}

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.txHost.tx, sql, parameters);
  }

  /** Opens the code at the provider (no row locked meanwhile), then stores it. */
  async create(scope: MerchantScope, input: NewRetailPaymentInput): Promise<RetailPaymentView> {
    const outlet = this.banks.requireRetailOutlet(input.retailOutletName);
    assertChannelAmount(outlet, input.amount);
    const name = resolveName(input);
    const expirationDate = input.expirationDate ? futureExpiration(input.expirationDate) : defaultExpiration();
    const provider = this.providers.moneyIn(scope.environment, 'retail_payment');
    const id = newResourceId();

    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const opened = await provider.createRetailPaymentCode(
        { id, environment: scope.environment, retailOutletName: outlet.name, name, amount: input.amount, isSingleUse: input.isSingleUse, expirationDate },
        attempt,
      );
      // A single statement: its own transaction.
      const [row] = await this.query<RetailPaymentRow>(
        `INSERT INTO retail_payments (id, merchant_id, environment, external_id, name, expected_amount, is_single_use, status,
                                      expiration_date, provider, provider_reference, sandbox_pay_at, retail_outlet_name, payment_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'unpaid', $8, $9, $10, $11, $12, $13)
         ON CONFLICT (payment_code) DO NOTHING RETURNING *`,
        [id, scope.merchantId, scope.environment, input.externalId, name, input.amount, input.isSingleUse, expirationDate, provider.name,
          opened.providerReference, sandboxPayAt(scope, this.config), outlet.name, opened.paymentCode],
      );
      if (row) return retailPaymentView(row);
    }
    throw new Error(`No free payment code after ${MAX_CODE_ATTEMPTS} attempts`);
  }

  async get(scope: MerchantScope, id: string): Promise<RetailPaymentView> {
    return retailPaymentView(await this.find(scope, id));
  }

  async findByExternalId(scope: MerchantScope, externalId: string): Promise<RetailPaymentView[]> {
    const rows = await this.query<RetailPaymentRow>(
      `SELECT * FROM retail_payments WHERE merchant_id = $1 AND environment = $2 AND external_id = $3
       ORDER BY created_at DESC, id DESC LIMIT 100`,
      [scope.merchantId, scope.environment, externalId],
    );
    return rows.map(retailPaymentView);
  }



  private async find(scope: MerchantScope, id: string): Promise<RetailPaymentRow> {
    const [row] = isResourceId(id)
      ? await this.query<RetailPaymentRow>('SELECT * FROM retail_payments WHERE id = $1 AND merchant_id = $2 AND environment = $3', [
          id,
          scope.merchantId,
          scope.environment,
        ])
      : [];
    if (!row) throw new DomainError('RETAIL_PAYMENT_NOT_FOUND_ERROR', `No retail payment code with id ${id}`);
    return row;
  }
}

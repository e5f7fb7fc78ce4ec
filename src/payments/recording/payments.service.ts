import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import { CallbacksService } from '../../callbacks/outbox/callbacks.service';
import type { Environment, MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { isResourceId, newResourceId } from '../../common/ids';
import { isValidAmount } from '../../wallets/ledger/ledger-rules';
import { MoneyMovementsService } from '../../wallets/money-movements.service';
import { PayableRow, PayableRowOf, paymentRefusal, RESOURCE_TABLE, resourceView } from '../payable-resource';
import type { ResourceType, RetailPaymentRow, VirtualAccountRow } from '../payable-resource';
import { assertChannelAmount } from '../payable-input';
import { queryRows } from '../../database/query-rows';

export interface PaymentRow {
  id: string;
  merchant_id: string;
  environment: Environment;
  resource_type: ResourceType;
  resource_id: string;
  provider: string;
  provider_payment_id: string;
  amount: number;
  status: 'pending' | 'done';
  paid_at: Date;
  settled_at: Date | null;
  settlement_run_id: string | null;
}

export interface PaymentView {
  id: string;
  amount: number;
  status: 'pending' | 'done';
  paid_at: string;
  settled_at: string | null;
}

export interface PaymentNotification {
  resourceType: ResourceType;
  resourceId: string;
  provider: 'sandbox' | 'xendit';
  /** The provider's id of this payment: the same notification twice is recorded once. */
  providerPaymentId: string;
  /** Defaults to the expected amount. */
  amount?: number;
  paidAt?: Date;
}

export interface SettledBatch {
  payments: (PaymentRow & { external_id: string })[];
}

const PAID_EVENT = { virtual_account: 'virtual_account.paid', retail_payment: 'retail_payment.paid' } as const;

export function paymentView(row: PaymentRow): PaymentView {
  return {
    id: row.id,
    amount: row.amount,
    status: row.status,
    paid_at: row.paid_at.toISOString(),
    settled_at: row.settled_at?.toISOString() ?? null,
  };
}

/**
 * Payments received on virtual accounts and retail codes. Recording is one transaction
 * (payment row, pending transfer into the income wallet, resource → pending, paid event);
 * settling posts those transfers in set-based batches (resource → done, payment.settled).
 * The sandbox, provider webhooks and the daily settlement all go through here.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly money: MoneyMovementsService,
    private readonly callbacks: CallbacksService,
    private readonly banks: BankRegistryService,
  ) {}

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.txHost.tx, sql, parameters);
  }

  /**
   * The production resource a provider's notification names (our id is its external_id),
   * locked as record() locks it, so what the notification is compared with cannot change
   * before its payment is recorded; undefined when it is not one of this provider's.
   */
  async findProviderResource<T extends ResourceType>(resourceType: T, id: string, provider: string): Promise<PayableRowOf<T> | undefined> {
    if (!isResourceId(id)) return undefined;
    const [row] = await this.query<PayableRowOf<T>>(
      `SELECT * FROM ${RESOURCE_TABLE[resourceType]} WHERE id = $1 AND environment = 'production' AND provider = $2 FOR UPDATE`,
      [id, provider],
    );
    return row;
  }

  /** Production payments a provider reported since `since` (newest first), for reconciliation. */
  providerPaymentsSince(provider: string, resourceType: ResourceType, since: Date, limit: number): Promise<PaymentRow[]> {
    return this.query<PaymentRow>(
      `SELECT * FROM payments WHERE environment = 'production' AND provider = $1 AND resource_type = $2 AND created_at >= $3
       ORDER BY created_at DESC LIMIT $4`,
      [provider, resourceType, since, limit],
    );
  }

  @Transactional()
  async record(notification: PaymentNotification): Promise<{ payment: PaymentView; duplicate: boolean }> {
    const table = RESOURCE_TABLE[notification.resourceType];
    // The resource row lock serialises every notification for it, duplicates included.
    const [resource] = await this.query<PayableRow>(`SELECT * FROM ${table} WHERE id = $1 FOR UPDATE`, [notification.resourceId]);
    if (!resource) throw new Error(`No ${notification.resourceType} ${notification.resourceId}`);

    const [existing] = await this.query<PaymentRow>('SELECT * FROM payments WHERE provider = $1 AND provider_payment_id = $2', [
      notification.provider,
      notification.providerPaymentId,
    ]);
    if (existing) return { payment: paymentView(existing), duplicate: true };

    const [{ count }] = await this.query<{ count: number }>('SELECT count(*)::bigint AS count FROM payments WHERE resource_id = $1', [resource.id]);
    const refusal = paymentRefusal(resource, count);
    if (refusal) throw new DomainError('PAYMENT_NOT_ACCEPTED_ERROR', `This ${notification.resourceType.replace('_', ' ')} cannot take a payment: ${refusal}`);
    const amount = notification.amount ?? resource.expected_amount;
    if (!isValidAmount(amount)) throw new DomainError('API_VALIDATION_ERROR', 'amount must be a positive whole number of rupiah');

    const [payment] = await this.query<PaymentRow>(
      `INSERT INTO payments (id, merchant_id, environment, resource_type, resource_id, provider, provider_payment_id, amount, status, paid_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9) RETURNING *`,
      [newResourceId(), resource.merchant_id, resource.environment, notification.resourceType, resource.id, notification.provider, notification.providerPaymentId, amount, notification.paidAt ?? new Date()],
    );
    const scope: MerchantScope = { merchantId: resource.merchant_id, environment: resource.environment };
    await this.money.recordPendingPayment({ id: payment.id, scope, provider: notification.provider, amount });
    // A payment (simulated or real) replaces the sandbox's scheduled one.
    const [updated] = await this.query<PayableRow>(
      `UPDATE ${table} SET status = 'pending', sandbox_pay_at = NULL, updated_at = now() WHERE id = $1 RETURNING *`,
      [resource.id],
    );
    await this.callbacks.emit(scope, PAID_EVENT[notification.resourceType], payment.id, resource.id, {
      ...resourceView(notification.resourceType, updated),
      payment: paymentView(payment),
    });
    return { payment: paymentView(payment), duplicate: false };
  }

  /** The payments received on one of the merchant's resources, oldest first. */
  async listForResource(scope: MerchantScope, resourceType: ResourceType, id: string): Promise<PaymentView[]> {
    await this.findResource(scope, resourceType, id);
    const rows = await this.query<PaymentRow>('SELECT * FROM payments WHERE resource_id = $1 ORDER BY created_at, id', [id]);
    return rows.map(paymentView);
  }

  /** Development only: the payer pays now (instead of after SANDBOX_UNPAID_SECONDS). */
  async simulate(scope: MerchantScope, resourceType: ResourceType, id: string, amount?: number): Promise<PaymentView> {
    if (scope.environment !== 'development') {
      throw new DomainError('REQUEST_FORBIDDEN_ERROR', 'Simulations are for development keys only; production payments come from payers');
    }
    const resource = await this.findResource(scope, resourceType, id);
    // A simulated payer pays within the same limits as a real one.
    if (amount !== undefined) {
      const channel = 'bank_code' in resource ? this.banks.requireVirtualAccountBank(resource.bank_code) : this.banks.requireRetailOutlet(resource.retail_outlet_name);
      assertChannelAmount(channel, amount);
    }
    const { payment } = await this.record({ resourceType, resourceId: id, provider: 'sandbox', providerPaymentId: `sandbox:${newResourceId()}`, amount });
    return payment;
  }

  private async findResource(scope: MerchantScope, resourceType: ResourceType, id: string): Promise<VirtualAccountRow | RetailPaymentRow> {
    const [row] = isResourceId(id)
      ? await this.query<VirtualAccountRow | RetailPaymentRow>(`SELECT * FROM ${RESOURCE_TABLE[resourceType]} WHERE id = $1 AND merchant_id = $2 AND environment = $3`, [
          id,
          scope.merchantId,
          scope.environment,
        ])
      : [];
    if (!row) {
      const code = resourceType === 'virtual_account' ? 'VIRTUAL_ACCOUNT_NOT_FOUND_ERROR' : 'RETAIL_PAYMENT_NOT_FOUND_ERROR';
      throw new DomainError(code, `No ${resourceType.replace('_', ' ')} with id ${id}`);
    }
    return row;
  }

  /**
   * Settles up to `limit` pending payments received before `paidBefore`, in the caller's
   * transaction, set-based: payments → done, their reservations posted into the income
   * wallets, fully settled resources → done, one payment.settled event each. Rows other
   * instances are settling are skipped (SKIP LOCKED).
   */
  async settleBatch(environment: Environment, paidBefore: Date, limit: number, runId: string | null): Promise<SettledBatch> {
    const payments = await this.query<PaymentRow & { external_id: string }>(
      `WITH batch AS (
         SELECT id FROM payments
         WHERE environment = $1 AND status = 'pending' AND paid_at < $2
         ORDER BY paid_at, id LIMIT $3
         FOR UPDATE SKIP LOCKED
       ), settled AS (
         UPDATE payments p SET status = 'done', settled_at = now(), settlement_run_id = $4
         FROM batch WHERE p.id = batch.id
         RETURNING p.*
       )
       SELECT s.*, coalesce(v.external_id, r.external_id) AS external_id
       FROM settled s
       LEFT JOIN virtual_accounts v ON s.resource_type = 'virtual_account' AND v.id = s.resource_id
       LEFT JOIN retail_payments r ON s.resource_type = 'retail_payment' AND r.id = s.resource_id`,
      [environment, paidBefore, limit, runId],
    );
    if (!payments.length) return { payments };

    // Lock order as in record(): resources (by id), then wallets (by id).
    const resourceIds = [...new Set(payments.map((p) => p.resource_id))];
    for (const table of Object.values(RESOURCE_TABLE)) {
      await this.query(
        `UPDATE ${table} t SET status = 'done', updated_at = now()
         FROM (SELECT id FROM ${table} WHERE id = ANY($1) ORDER BY id FOR UPDATE) locked
         WHERE t.id = locked.id
           AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.resource_id = t.id AND p.status = 'pending')`,
        [resourceIds],
      );
    }
    await this.money.settlePayments(payments.map((p) => p.id));
    await this.callbacks.emitMany(
      payments.map((p) => ({
        scope: { merchantId: p.merchant_id, environment: p.environment },
        type: 'payment.settled' as const,
        key: p.id,
        resourceId: p.resource_id,
        data: { ...paymentView(p), resource_type: p.resource_type, resource_id: p.resource_id, external_id: p.external_id },
      })),
    );
    return { payments };
  }

  /**
   * The sandbox payer: pays one development resource whose scheduled time has come, if
   * it can still take the payment. Returns false when none is due.
   */
  @Transactional()
  async paySandboxDue(resourceType: ResourceType): Promise<boolean> {
    const table = RESOURCE_TABLE[resourceType];
    const [due] = await this.query<PayableRow>(
      `SELECT * FROM ${table} WHERE environment = 'development' AND sandbox_pay_at <= now()
       ORDER BY sandbox_pay_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    if (!due) return false;
    const [{ count }] = await this.query<{ count: number }>('SELECT count(*)::bigint AS count FROM payments WHERE resource_id = $1', [due.id]);
    if (paymentRefusal(due, count)) {
      await this.query(`UPDATE ${table} SET sandbox_pay_at = NULL WHERE id = $1`, [due.id]);
      return true;
    }
    await this.record({ resourceType, resourceId: due.id, provider: 'sandbox', providerPaymentId: `sandbox:auto:${due.id}` });
    return true;
  }
}

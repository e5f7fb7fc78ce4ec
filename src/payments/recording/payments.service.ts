import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import { CallbacksService } from '../../callbacks/outbox/callbacks.service';
import type { Environment, MerchantScope } from '../../common/environment';
import { DomainError } from '../../common/errors/domain-error';
import { newResourceId } from '../../common/ids';
import { isValidAmount } from '../../common/validation/amount-range';
import type { ClearingProvider } from '../../wallets/ledger/ledger.types';
import { MoneyMovementsService } from '../../wallets/money-movements.service';
import { assertChannelAmount } from '../payable-input';
import { PayableRow, PayableRowOf, paymentRefusal, resourceView } from '../payable-resource';
import type { ResourceType, RetailPaymentRow, VirtualAccountRow } from '../payable-resource';
import type { PayableResourceRepository } from '../payable-resource.repository';
import { RetailPaymentsRepository } from '../retail-payments/retail-payments.repository';
import { VirtualAccountsRepository } from '../virtual-accounts/virtual-accounts.repository';
import { PaymentRow, PaymentsRepository, RunPaymentRow, RunPaymentsKey, SettledPaymentRow } from './payments.repository';

export type { PayableRowOf, RetailPaymentRow, RunPaymentRow, RunPaymentsKey, VirtualAccountRow };

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
  provider: ClearingProvider;
  /** The provider's id of this payment: the same notification twice is recorded once. */
  providerPaymentId: string;
  /** Defaults to the expected amount. */
  amount?: number;
  paidAt?: Date;
}

export interface SettledBatch {
  payments: SettledPaymentRow[];
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
  private readonly resources: { [T in ResourceType]: PayableResourceRepository<PayableRowOf<T>> };

  constructor(
    private readonly payments: PaymentsRepository,
    virtualAccounts: VirtualAccountsRepository,
    retailPayments: RetailPaymentsRepository,
    private readonly money: MoneyMovementsService,
    private readonly callbacks: CallbacksService,
    private readonly banks: BankRegistryService,
  ) {
    this.resources = { virtual_account: virtualAccounts, retail_payment: retailPayments };
  }

  /**
   * The production resource a provider's notification names (our id is its external_id),
   * locked as record() locks it, so what the notification is compared with cannot change
   * before its payment is recorded; undefined when it is not one of this provider's.
   */
  findProviderResource<T extends ResourceType>(resourceType: T, id: string, provider: string): Promise<PayableRowOf<T> | undefined> {
    return this.resources[resourceType].lockForProvider(id, provider);
  }

  /** What a settlement with this cutoff would still settle: pending payments received before it. */
  pendingBefore(environment: Environment, paidBefore: Date): Promise<{ payments_count: number; total_amount: string }> {
    return this.payments.pendingBefore(environment, paidBefore);
  }

  /**
   * Up to `limit` payments a settlement run settled, by merchant then as paid, after the
   * `after` row (keyset), each with its resource's external_id: the run's per-payment report.
   */
  settledInRun(runId: string, after: RunPaymentsKey | undefined, limit: number): Promise<RunPaymentRow[]> {
    return this.payments.settledInRun(runId, after, limit);
  }

  /** Production payments a provider reported since `since` (newest first), for reconciliation. */
  providerPaymentsSince(provider: string, resourceType: ResourceType, since: Date, limit: number): Promise<PaymentRow[]> {
    return this.payments.providerPaymentsSince(provider, resourceType, since, limit);
  }

  @Transactional()
  async record(notification: PaymentNotification): Promise<{ payment: PaymentView; duplicate: boolean }> {
    const resources: PayableResourceRepository<PayableRow> = this.resources[notification.resourceType];
    // The resource row lock serialises every notification for it, duplicates included.
    const resource = await resources.lockById(notification.resourceId);
    if (!resource) throw new Error(`No ${notification.resourceType} ${notification.resourceId}`);

    const existing = await this.payments.findByProviderPayment(notification.provider, notification.providerPaymentId);
    if (existing) return { payment: paymentView(existing), duplicate: true };

    const refusal = paymentRefusal(resource, await this.payments.countForResource(resource.id));
    if (refusal) throw new DomainError('PAYMENT_NOT_ACCEPTED_ERROR', `This ${notification.resourceType.replace('_', ' ')} cannot take a payment: ${refusal}`);
    const amount = notification.amount ?? resource.expected_amount;
    if (!isValidAmount(amount)) throw new DomainError('API_VALIDATION_ERROR', 'amount must be a positive whole number of rupiah');

    const payment = await this.payments.insertPending({
      id: newResourceId(),
      merchant_id: resource.merchant_id,
      environment: resource.environment,
      resource_type: notification.resourceType,
      resource_id: resource.id,
      provider: notification.provider,
      provider_payment_id: notification.providerPaymentId,
      amount,
      paid_at: notification.paidAt ?? new Date(),
    });
    const scope: MerchantScope = { merchantId: resource.merchant_id, environment: resource.environment };
    await this.money.recordPendingPayment({ id: payment.id, scope, provider: notification.provider, amount });
    // A payment (simulated or real) replaces the sandbox's scheduled one.
    const updated = await resources.markPaid(resource.id);
    await this.callbacks.emit(scope, PAID_EVENT[notification.resourceType], payment.id, resource.id, {
      ...resourceView(notification.resourceType, updated),
      payment: paymentView(payment),
    });
    return { payment: paymentView(payment), duplicate: false };
  }

  /** The payments received on one of the merchant's resources, oldest first. */
  async listForResource(scope: MerchantScope, resourceType: ResourceType, id: string): Promise<PaymentView[]> {
    await this.findResource(scope, resourceType, id);
    return (await this.payments.listForResource(id)).map(paymentView);
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
    const row = await this.resources[resourceType].findForMerchant(scope, id);
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
  @Transactional(Propagation.Mandatory)
  async settleBatch(environment: Environment, paidBefore: Date, limit: number, runId: string | null): Promise<SettledBatch> {
    const payments = await this.payments.settleNext(environment, paidBefore, limit, runId);
    if (!payments.length) return { payments };

    // Lock order as in record(): resources (by id), then wallets (by id).
    const resourceIds = [...new Set(payments.map((p) => p.resource_id))];
    for (const resources of Object.values(this.resources)) await resources.markSettled(resourceIds);
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
    const resources: PayableResourceRepository<PayableRow> = this.resources[resourceType];
    const due = await resources.lockNextSandboxDue();
    if (!due) return false;
    if (paymentRefusal(due, await this.payments.countForResource(due.id))) {
      await resources.cancelSandboxPayment(due.id);
      return true;
    }
    await this.record({ resourceType, resourceId: due.id, provider: 'sandbox', providerPaymentId: `sandbox:auto:${due.id}` });
    return true;
  }
}

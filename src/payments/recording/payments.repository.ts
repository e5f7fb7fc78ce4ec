import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { Environment } from '../../common/environment';
import { Columns, Sql } from '../../database/sql';
import type { ResourceType } from '../payable-resource';

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

export const PAYMENT_COLUMNS = Columns.of<PaymentRow>()(
  'id', 'merchant_id', 'environment', 'resource_type', 'resource_id', 'provider', 'provider_payment_id', 'amount', 'status',
  'paid_at', 'settled_at', 'settlement_run_id',
);

/** A settled payment with the external_id of the resource it paid. */
export type SettledPaymentRow = PaymentRow & { external_id: string };

/** The resource a payment was made on, with its external_id. */
export interface PaymentResourceRow {
  id: string;
  resource_type: ResourceType;
  resource_id: string;
  external_id: string | null;
}

/** Where a settlement run's payment listing goes on from: the last row's sort key. */
export interface RunPaymentsKey {
  merchant_id: string;
  /** paid_at as PostgreSQL wrote it (microseconds: a JS Date would round them away). */
  paid_at_key: string;
  id: string;
}

/** A payment a run settled, with its resource's external_id and its sort key. */
export type RunPaymentRow = SettledPaymentRow & { paid_at_key: string };

const WITH_EXTERNAL_ID = `
  LEFT JOIN virtual_accounts v ON p.resource_type = 'virtual_account' AND v.id = p.resource_id
  LEFT JOIN retail_payments r ON p.resource_type = 'retail_payment' AND r.id = p.resource_id`;

/** The payments table: each received payment, pending until settled. */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly sql: Sql) {}

  @Transactional(Propagation.Mandatory)
  async insertPending(payment: Omit<PaymentRow, 'status' | 'settled_at' | 'settlement_run_id'>): Promise<PaymentRow> {
    const row = await this.sql.one<PaymentRow>(
      `INSERT INTO payments (id, merchant_id, environment, resource_type, resource_id, provider, provider_payment_id, amount, status, paid_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9) RETURNING ${PAYMENT_COLUMNS}`,
      [payment.id, payment.merchant_id, payment.environment, payment.resource_type, payment.resource_id, payment.provider,
        payment.provider_payment_id, payment.amount, payment.paid_at],
    );
    return row!;
  }

  /** The payment a provider's notification already recorded, if any. */
  findByProviderPayment(provider: string, providerPaymentId: string): Promise<PaymentRow | undefined> {
    return this.sql.one<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE provider = $1 AND provider_payment_id = $2`, [provider, providerPaymentId]);
  }

  async countForResource(resourceId: string): Promise<number> {
    const row = await this.sql.one<{ count: number }>('SELECT count(*)::bigint AS count FROM payments WHERE resource_id = $1', [resourceId]);
    return row!.count;
  }

  /** Oldest first. */
  listForResource(resourceId: string): Promise<PaymentRow[]> {
    return this.sql.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE resource_id = $1 ORDER BY created_at, id`, [resourceId]);
  }

  /** How many payments received before `paidBefore` still wait for settlement, and their total (rupiah, as text). */
  async pendingBefore(environment: Environment, paidBefore: Date): Promise<{ payments_count: number; total_amount: string }> {
    const [row] = await this.sql.query<{ payments_count: number; total_amount: string }>(
      `SELECT count(*)::int AS payments_count, coalesce(sum(amount), 0)::text AS total_amount
       FROM payments WHERE environment = $1 AND status = 'pending' AND paid_at < $2`,
      [environment, paidBefore],
    );
    return row;
  }

  /** The resources (and their external_ids) of the payments of these ids that exist. */
  resourcesOf(paymentIds: string[]): Promise<PaymentResourceRow[]> {
    return this.sql.query<PaymentResourceRow>(
      `SELECT p.id, p.resource_type, p.resource_id, coalesce(v.external_id, r.external_id) AS external_id
       FROM payments p ${WITH_EXTERNAL_ID} WHERE p.id = ANY($1)`,
      [paymentIds],
    );
  }

  /**
   * Up to `limit` payments a settlement run settled, by merchant, then as they were paid
   * (keyset: after `after`), each with its resource's external_id. Index: payments_by_settlement_run.
   */
  settledInRun(runId: string, after: RunPaymentsKey | undefined, limit: number): Promise<RunPaymentRow[]> {
    const parameters: unknown[] = [runId, limit];
    const resume = after
      ? `AND (p.merchant_id, p.paid_at, p.id) > ($${parameters.push(after.merchant_id)}::uuid, $${parameters.push(after.paid_at_key)}::timestamptz, $${parameters.push(after.id)})`
      : '';
    return this.sql.query<RunPaymentRow>(
      `SELECT ${PAYMENT_COLUMNS.of('p')}, coalesce(v.external_id, r.external_id) AS external_id, p.paid_at::text AS paid_at_key
       FROM payments p ${WITH_EXTERNAL_ID}
       WHERE p.settlement_run_id = $1 ${resume}
       ORDER BY p.merchant_id, p.paid_at, p.id LIMIT $2`,
      parameters,
    );
  }

  /** Production payments a provider reported since `since`, newest first. */
  providerPaymentsSince(provider: string, resourceType: ResourceType, since: Date, limit: number): Promise<PaymentRow[]> {
    return this.sql.query<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE environment = 'production' AND provider = $1 AND resource_type = $2 AND created_at >= $3
       ORDER BY created_at DESC LIMIT $4`,
      [provider, resourceType, since, limit],
    );
  }

  /**
   * Up to `limit` pending payments received before `paidBefore`, oldest first, → done (with
   * the run that settled them). Rows other transactions hold are skipped (SKIP LOCKED).
   */
  @Transactional(Propagation.Mandatory)
  settleNext(environment: Environment, paidBefore: Date, limit: number, runId: string | null): Promise<SettledPaymentRow[]> {
    return this.sql.query<SettledPaymentRow>(
      `WITH batch AS (
         SELECT id FROM payments
         WHERE environment = $1 AND status = 'pending' AND paid_at < $2
         ORDER BY paid_at, id LIMIT $3
         FOR UPDATE SKIP LOCKED
       ), settled AS (
         UPDATE payments p SET status = 'done', settled_at = now(), settlement_run_id = $4
         FROM batch WHERE p.id = batch.id
         RETURNING ${PAYMENT_COLUMNS.of('p')}
       )
       SELECT ${PAYMENT_COLUMNS.of('p')}, coalesce(v.external_id, r.external_id) AS external_id
       FROM settled p ${WITH_EXTERNAL_ID}`,
      [environment, paidBefore, limit, runId],
    );
  }
}

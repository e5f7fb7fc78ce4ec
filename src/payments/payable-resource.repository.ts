import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { MerchantScope } from '../common/environment';
import { isResourceId } from '../common/ids';
import type { ResourceListFilter } from '../common/resource-list-query';
import { listNewestFirst } from '../database/paginate';
import type { Columns, Sql } from '../database/sql';
import type { PayableRow, ResourceStatus } from './payable-resource';

/** What every new resource is stored with besides its kind's own columns (it starts unpaid). */
export type NewPayableRow = Omit<PayableRow, 'status' | 'created_at'>;

/** A kind's own columns: what its provider opened (bank and account number, outlet and payment code). */
export type OwnColumns<Row extends PayableRow> = Omit<Row, keyof PayableRow>;

const STATUS_CONDITIONS: Record<ResourceStatus | 'expired', string[]> = {
  unpaid: [`status = 'unpaid'`, 'expiration_date > now()'],
  expired: [`status = 'unpaid'`, 'expiration_date <= now()'],
  pending: [`status = 'pending'`],
  done: [`status = 'done'`],
};

/**
 * The SQL virtual_accounts and retail_payments share. Both tables have PayableRow's columns
 * plus their kind's own, so one implementation serves both, given the table, its column
 * list and the unique key of what the provider drew. Ids that cannot be ours find nothing.
 */
export abstract class PayableResourceRepository<Row extends PayableRow> {
  protected constructor(
    protected readonly sql: Sql,
    protected readonly table: string,
    protected readonly columns: Columns<Row>,
    private readonly drawnKey: string,
  ) {}

  /** Stores a resource its provider opened; undefined when what the provider drew is taken. */
  @Transactional(Propagation.Mandatory)
  insertOpened(common: NewPayableRow, own: OwnColumns<Row>): Promise<Row | undefined> {
    const values: Record<string, unknown> = { ...common, ...own, status: 'unpaid' };
    const names = this.columns.names.filter((name) => name !== 'created_at');
    return this.sql.one<Row>(
      `INSERT INTO ${this.table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (${this.drawnKey}) DO NOTHING RETURNING ${this.columns}`,
      names.map((name) => values[name]),
    );
  }

  findForMerchant(scope: MerchantScope, id: string): Promise<Row | undefined> {
    return this.forMerchant(scope, id, '');
  }

  @Transactional(Propagation.Mandatory)
  lockForUpdate(scope: MerchantScope, id: string): Promise<Row | undefined> {
    return this.forMerchant(scope, id, ' FOR UPDATE');
  }

  /** A page of the merchant's resources, newest first; `expired` is unpaid past its expiration date, as views show it. */
  list(scope: MerchantScope, status: ResourceStatus | 'expired' | undefined, filter: ResourceListFilter): Promise<Row[]> {
    const where = status === undefined ? [] : STATUS_CONDITIONS[status];
    return listNewestFirst<Row>(this.sql, { table: this.table, columns: String(this.columns), where, parameters: [] }, scope, filter);
  }

  /** A production resource opened at `provider`, locked. */
  @Transactional(Propagation.Mandatory)
  async lockForProvider(id: string, provider: string): Promise<Row | undefined> {
    if (!isResourceId(id)) return undefined;
    return this.sql.one<Row>(`SELECT ${this.columns} FROM ${this.table} WHERE id = $1 AND environment = 'production' AND provider = $2 FOR UPDATE`, [
      id,
      provider,
    ]);
  }

  @Transactional(Propagation.Mandatory)
  lockById(id: string): Promise<Row | undefined> {
    return this.sql.one<Row>(`SELECT ${this.columns} FROM ${this.table} WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** Status pending; a scheduled sandbox payment is dropped. */
  @Transactional(Propagation.Mandatory)
  async markPaid(id: string): Promise<Row> {
    const row = await this.sql.one<Row>(
      `UPDATE ${this.table} SET status = 'pending', sandbox_pay_at = NULL, updated_at = now() WHERE id = $1 RETURNING ${this.columns}`,
      [id],
    );
    return row!;
  }

  /** Of these resources, those without a pending payment left → done (locked in id order). */
  @Transactional(Propagation.Mandatory)
  async markSettled(ids: string[]): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.table} t SET status = 'done', updated_at = now()
       FROM (SELECT id FROM ${this.table} WHERE id = ANY($1) ORDER BY id FOR UPDATE) locked
       WHERE t.id = locked.id
         AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.resource_id = t.id AND p.status = 'pending')`,
      [ids],
    );
  }

  /** The development resource the sandbox should pay first, if one is due; others' claims are skipped. */
  @Transactional(Propagation.Mandatory)
  lockNextSandboxDue(): Promise<Row | undefined> {
    return this.sql.one<Row>(
      `SELECT ${this.columns} FROM ${this.table} WHERE environment = 'development' AND sandbox_pay_at <= now()
       ORDER BY sandbox_pay_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
  }

  @Transactional(Propagation.Mandatory)
  async cancelSandboxPayment(id: string): Promise<void> {
    await this.sql.query(`UPDATE ${this.table} SET sandbox_pay_at = NULL WHERE id = $1`, [id]);
  }

  private async forMerchant(scope: MerchantScope, id: string, lock: string): Promise<Row | undefined> {
    if (!isResourceId(id)) return undefined;
    return this.sql.one<Row>(`SELECT ${this.columns} FROM ${this.table} WHERE id = $1 AND merchant_id = $2 AND environment = $3${lock}`, [
      id,
      scope.merchantId,
      scope.environment,
    ]);
  }
}

import { Injectable } from '@nestjs/common';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { Columns, Sql } from '../database/sql';

export interface AuditRow {
  id: number;
  merchant_id: string | null;
  environment: Environment | null;
  person_id: string | null;
  person_name: string | null;
  person_email: string | null;
  operator_id: string | null;
  operator_name: string | null;
  operator_via: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  created_at: Date;
}

const AUDIT = Columns.of<AuditRow>()(
  'id',
  'merchant_id',
  'environment',
  'person_id',
  'person_name',
  'person_email',
  'operator_id',
  'operator_name',
  'operator_via',
  'action',
  'target',
  'before',
  'after',
  'request_id',
  'created_at',
);

export type NewAuditRow = Omit<AuditRow, 'id' | 'created_at'>;

/** The audit_log table: appended to, read newest first; the database refuses changes and deletes. */
@Injectable()
export class AuditRepository {
  constructor(private readonly sql: Sql) {}

  async insert(row: NewAuditRow): Promise<void> {
    await this.sql.query(
      `INSERT INTO audit_log (merchant_id, environment, person_id, person_name, person_email, operator_id, operator_name, operator_via,
                              action, target, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13)`,
      [
        row.merchant_id,
        row.environment,
        row.person_id,
        row.person_name,
        row.person_email,
        row.operator_id,
        row.operator_name,
        row.operator_via,
        row.action,
        row.target,
        row.before === null || row.before === undefined ? null : JSON.stringify(row.before),
        row.after === null || row.after === undefined ? null : JSON.stringify(row.after),
        row.request_id,
      ],
    );
  }

  /** The merchant's entries, newest first (the identity orders them as they were written). */
  page<T>(merchantId: string, page: { limit?: number; cursor?: string }, toView: (row: AuditRow) => T): Promise<Page<T>> {
    return this.search({ merchantId }, page, toView);
  }

  /** Entries that match every given filter, newest first. */
  async search<T>(filter: AuditFilter, page: { limit?: number; cursor?: string }, toView: (row: AuditRow) => T): Promise<Page<T>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(page.cursor, 1);
    if (after && !Number.isSafeInteger(after[0])) {
      throw new DomainError('API_VALIDATION_ERROR', 'cursor is not a cursor this API returned', [{ field: 'cursor', message: 'cursor is invalid' }]);
    }
    const rows = await this.batch(filter, after ? Number(after[0]) : undefined, limit + 1);
    return toPage(rows, limit, toView, (row) => [row.id]);
  }

  /** Up to `limit` matching entries older than `beforeId`, newest first (for pages and CSV exports). */
  batch(filter: AuditFilter, beforeId: number | undefined, limit: number): Promise<AuditRow[]> {
    const parameters: unknown[] = [];
    const where: string[] = [];
    if (filter.merchantId !== undefined) where.push(`merchant_id = $${parameters.push(filter.merchantId)}`);
    if (filter.operatorId !== undefined) where.push(`operator_id = $${parameters.push(filter.operatorId)}`);
    if (filter.action !== undefined) where.push(`action = $${parameters.push(filter.action)}`);
    if (filter.from !== undefined) where.push(`created_at >= $${parameters.push(filter.from)}`);
    if (filter.to !== undefined) where.push(`created_at < $${parameters.push(filter.to)}`);
    if (beforeId !== undefined) where.push(`id < $${parameters.push(beforeId)}`);
    return this.sql.query<AuditRow>(
      `SELECT ${AUDIT} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${parameters.push(limit)}`,
      parameters,
    );
  }
}

export interface AuditFilter {
  merchantId?: string;
  operatorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

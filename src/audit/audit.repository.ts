import { Injectable } from '@nestjs/common';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { Columns, Sql } from '../database/sql';

export interface AuditRow {
  id: number;
  merchant_id: string;
  environment: Environment | null;
  person_id: string | null;
  person_name: string | null;
  person_email: string | null;
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
      `INSERT INTO audit_log (merchant_id, environment, person_id, person_name, person_email, action, target, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10)`,
      [
        row.merchant_id,
        row.environment,
        row.person_id,
        row.person_name,
        row.person_email,
        row.action,
        row.target,
        row.before === null || row.before === undefined ? null : JSON.stringify(row.before),
        row.after === null || row.after === undefined ? null : JSON.stringify(row.after),
        row.request_id,
      ],
    );
  }

  /** The merchant's entries, newest first (the identity orders them as they were written). */
  async page<T>(merchantId: string, page: { limit?: number; cursor?: string }, toView: (row: AuditRow) => T): Promise<Page<T>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(page.cursor, 1);
    const parameters: unknown[] = [merchantId, limit + 1];
    let olderThan = '';
    if (after) {
      if (!Number.isSafeInteger(after[0])) {
        throw new DomainError('API_VALIDATION_ERROR', 'cursor is not a cursor this API returned', [{ field: 'cursor', message: 'cursor is invalid' }]);
      }
      parameters.push(after[0]);
      olderThan = 'AND id < $3';
    }
    const rows = await this.sql.query<AuditRow>(
      `SELECT ${AUDIT} FROM audit_log WHERE merchant_id = $1 ${olderThan} ORDER BY id DESC LIMIT $2`,
      parameters,
    );
    return toPage(rows, limit, toView, (row) => [row.id]);
  }
}

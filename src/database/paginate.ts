import type { MerchantScope } from '../common/environment';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import type { ResourceListFilter } from '../common/resource-list-query';
import type { Sql } from './sql';

export interface NewestFirstQuery {
  /** `SELECT … FROM … [JOIN …]` without WHERE, ORDER BY or LIMIT. */
  select: string;
  /** The caller's filters, ANDed, with $1…$n placeholders. */
  where: string[];
  parameters: unknown[];
  /** Alias of the table whose `created_at` (timestamptz(3): exact in a millisecond cursor) and unique `id` order the rows. */
  alias: string;
}

/**
 * Newest-first keyset pagination: rows older than the cursor's (created_at, id), limit + 1
 * fetched so the page knows whether more follow.
 */
export async function pageNewestFirst<R extends { created_at: Date; id: string }, T>(
  sql: Sql,
  query: NewestFirstQuery,
  page: { limit?: number; cursor?: string },
  toView: (row: R) => T,
): Promise<Page<T>> {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  const where = [...query.where];
  const parameters = [...query.parameters];
  const after = decodeCursor(page.cursor, 2);
  if (after) {
    parameters.push(after[0], after[1]);
    where.push(`(${query.alias}.created_at, ${query.alias}.id) < ($${parameters.length - 1}::timestamptz, $${parameters.length})`);
  }
  parameters.push(limit + 1);
  const rows = await sql.query<R>(
    `${query.select}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${query.alias}.created_at DESC, ${query.alias}.id DESC LIMIT $${parameters.length}`,
    parameters,
  );
  return toPage(rows, limit, toView, (row) => [row.created_at.toISOString(), row.id]);
}

export interface MerchantListQuery {
  /** The merchant's table, with `merchant_id`, `environment`, `external_id`, `created_at` and a unique `id`. */
  table: string;
  columns: string;
  /** The resource's own filters, ANDed, with $1…$n placeholders for `parameters`. */
  where: string[];
  parameters: unknown[];
}

/**
 * One page of a merchant's resources in one environment, newest first, for the
 * `after_id`-paged lists: the page after `afterId` holds rows older than that one of the
 * merchant's own rows (another's id, or none, finds nothing).
 */
export function listNewestFirst<R>(sql: Sql, query: MerchantListQuery, scope: MerchantScope, filter: ResourceListFilter): Promise<R[]> {
  const parameters = [...query.parameters];
  const merchant = `$${parameters.push(scope.merchantId)}`;
  const environment = `$${parameters.push(scope.environment)}`;
  const where = [...query.where, `merchant_id = ${merchant}`, `environment = ${environment}`];
  if (filter.externalId !== undefined) where.push(`external_id = $${parameters.push(filter.externalId)}`);
  if (filter.createdAfter) where.push(`created_at >= $${parameters.push(filter.createdAfter)}`);
  if (filter.createdBefore) where.push(`created_at < $${parameters.push(filter.createdBefore)}`);
  if (filter.afterId !== undefined) {
    where.push(
      `(created_at, id) < (SELECT created_at, id FROM ${query.table}
         WHERE id = $${parameters.push(filter.afterId)} AND merchant_id = ${merchant} AND environment = ${environment})`,
    );
  }
  return sql.query<R>(
    `SELECT ${query.columns} FROM ${query.table} WHERE ${where.join(' AND ')}
     ORDER BY created_at DESC, id DESC LIMIT $${parameters.push(filter.limit)}`,
    parameters,
  );
}

import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
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

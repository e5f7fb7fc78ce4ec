import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';

/**
 * Newest-first keyset pagination over an entity with `createdAt` (timestamptz(3), so the
 * cursor's millisecond timestamp is exact) and a unique `id`. Filters are the caller's.
 */
export async function pageNewestFirst<E extends ObjectLiteral & { createdAt: Date; id: string }, T>(
  builder: SelectQueryBuilder<E>,
  query: { limit?: number; cursor?: string },
  toView: (row: E) => T,
): Promise<Page<T>> {
  const alias = builder.alias;
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const after = decodeCursor(query.cursor, 2);
  if (after) {
    builder.andWhere(`(${alias}.created_at, ${alias}.id) < (:cursorCreatedAt, :cursorId)`, {
      cursorCreatedAt: after[0],
      cursorId: after[1],
    });
  }
  const rows = await builder
    .orderBy(`${alias}.created_at`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .limit(limit + 1)
    .getMany();
  return toPage(rows, limit, toView, (row) => [row.createdAt.toISOString(), row.id]);
}

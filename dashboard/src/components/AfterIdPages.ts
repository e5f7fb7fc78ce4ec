import type { QueryKey } from '@tanstack/react-query';
import { useCursorPages } from './PagedTable';

/**
 * Cuts a `limit + 1` answer down to `pageSize` rows, as a cursor page. The extra row only
 * proves that more rows follow; the next page starts after the last row shown.
 */
export function toCursorPage<T extends { id: string }>(fetched: T[], pageSize: number) {
  const data = fetched.slice(0, pageSize);
  const has_more = fetched.length > pageSize;
  return { data, has_more, next_cursor: has_more ? data[data.length - 1]?.id : undefined };
}

/**
 * A plain-array API list paged with `after_id` (Xendit style) as one growing list of rows.
 * It is `useCursorPages` underneath, with the last shown id as the cursor, so `PagedTable`
 * renders it unchanged.
 */
export function useAfterIdPages<T extends { id: string }>({
  queryKey,
  pageSize = 25,
  enabled,
  fetchPage,
}: {
  queryKey: QueryKey;
  pageSize?: number;
  enabled?: boolean;
  /** Asked for `limit` = `pageSize + 1` rows older than `afterId` (the list is newest first). */
  fetchPage: (afterId: string | undefined, limit: number) => Promise<T[]>;
}) {
  return useCursorPages<T>({
    queryKey: [...queryKey, { pageSize }],
    enabled,
    fetchPage: async (afterId) => toCursorPage(await fetchPage(afterId, pageSize + 1), pageSize),
  });
}

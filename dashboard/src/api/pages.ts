/** Walks a cursor-paginated list to its end (capped), for totals over a short list. */
export async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ data: T[]; has_more: boolean; next_cursor?: string | null }>,
  maxPages = 20,
): Promise<{ rows: T[]; complete: boolean }> {
  const rows: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(cursor);
    rows.push(...result.data);
    if (!result.has_more || !result.next_cursor) return { rows, complete: true };
    cursor = result.next_cursor;
  }
  return { rows, complete: false };
}

import { Button, Group, Table, type MantineSpacing } from '@mantine/core';
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { m } from '../i18n/messages';
import { EmptyState, ErrorState, Loading } from './states';

export interface CursorPage<T> {
  data: T[];
  has_more: boolean;
  next_cursor?: string | null;
}

/** A cursor-paged API list as one growing list of rows (`fetchNextPage` loads more). */
export function useCursorPages<T>({ queryKey, enabled, fetchPage }: { queryKey: QueryKey; enabled?: boolean; fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>> }) {
  const list = useInfiniteQuery({
    queryKey,
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    getNextPageParam: (page) => (page.has_more ? (page.next_cursor ?? undefined) : undefined),
  });
  return { list, rows: list.data?.pages.flatMap((page) => page.data) ?? [] };
}

/** A table that scrolls sideways in its card when the screen is narrower than `minWidth` (phones). */
export function ScrollTable({ minWidth, testId, head, striped = true, children }: { minWidth: number; testId: string; head: ReactNode; striped?: boolean; children: ReactNode }) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped={striped} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>{head}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A paged list's loading, error and empty states, its table and a "load more" button. */
export function PagedTable<T>({
  paged: { list, rows },
  empty,
  minWidth,
  testId,
  head,
  loadMoreMt = 'sm',
  children,
}: {
  paged: ReturnType<typeof useCursorPages<T>>;
  empty: ReactNode;
  minWidth: number;
  testId: string;
  head: ReactNode;
  loadMoreMt?: MantineSpacing;
  children: (row: T) => ReactNode;
}) {
  return (
    <>
      {list.isPending && <Loading />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && rows.length === 0 && <EmptyState>{empty}</EmptyState>}
      {rows.length > 0 && (
        <ScrollTable minWidth={minWidth} testId={testId} head={head}>
          {rows.map(children)}
        </ScrollTable>
      )}
      {list.hasNextPage && (
        <Group mt={loadMoreMt}>
          <Button variant="light" size="xs" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {m().common.loadMore}
          </Button>
        </Group>
      )}
    </>
  );
}

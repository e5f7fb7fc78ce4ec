import { Card, Group, SegmentedControl, Stack, Table, Title } from '@mantine/core';
import type { QueryKey } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { PagedTable, useCursorPages, type CursorPage } from './PagedTable';
import { StatusBadge } from './StatusBadge';

const PAGE_SIZE = 25;

/**
 * A card listing a cursor-paged list of amounts with a status each (top-ups, withdrawals),
 * with a status switcher ("All" first) beside its title. Every row starts with its status and
 * amount; `columns` and `cells` are the list's own. The chosen status is appended to
 * `queryKey`, so invalidating `queryKey` refreshes every status.
 */
export function StatusFilteredList<S extends string, T extends { id: string; status: string; amount: number | string }>({
  title,
  statuses,
  switchTestId,
  queryKey,
  fetchPage,
  empty,
  minWidth,
  testId,
  rowTestId,
  columns,
  cells,
}: {
  title: ReactNode;
  statuses: readonly S[];
  switchTestId?: string;
  queryKey: QueryKey;
  /** `status` is undefined for all. */
  fetchPage: (query: { limit: number; cursor?: string; status?: S }) => Promise<CursorPage<T>>;
  /** Shown when there are no rows at all; a status with none says that nothing matches. */
  empty: ReactNode;
  minWidth: number;
  testId: string;
  rowTestId?: (row: T) => string;
  columns: ReactNode;
  cells: (row: T) => ReactNode;
}) {
  const t = m();
  const [status, setStatus] = useState<S | 'all'>('all');
  const paged = useCursorPages({
    queryKey: [...queryKey, status],
    fetchPage: (cursor) => fetchPage({ limit: PAGE_SIZE, cursor, status: status === 'all' ? undefined : status }),
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{title}</Title>
          <SegmentedControl
            size="xs"
            aria-label={t.common.status}
            data-testid={switchTestId}
            value={status}
            onChange={(value) => setStatus(value as S | 'all')}
            data={[{ value: 'all', label: t.listFilters.all }, ...statuses.map((value) => ({ value, label: t.status[value] ?? value }))]}
          />
        </Group>
        <PagedTable
          paged={paged}
          empty={status === 'all' ? empty : t.listFilters.nothingMatches}
          minWidth={minWidth}
          testId={testId}
          loadMoreMt={0}
          head={
            <>
              <Table.Th>{t.common.status}</Table.Th>
              <Table.Th ta="right">{t.common.amount}</Table.Th>
              {columns}
            </>
          }
        >
          {(row) => (
            <Table.Tr key={row.id} data-testid={rowTestId?.(row)}>
              <Table.Td>
                <StatusBadge status={row.status} />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiah(row.amount)}
              </Table.Td>
              {cells(row)}
            </Table.Tr>
          )}
        </PagedTable>
      </Stack>
    </Card>
  );
}

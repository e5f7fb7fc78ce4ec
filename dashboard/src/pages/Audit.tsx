import { Button, Card, Code, Group, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { dashboardApi } from '../api/dashboard';
import { Page } from '../components/Page';
import { EmptyState, ErrorState, Loading, NotAllowed } from '../components/states';
import { formatDateTime } from '../format';
import { m } from '../i18n/messages';
import { useSession } from '../session';

/** `name: Vina, role: viewer` from an audit entry's before/after object (its plain values). */
function summary(value: unknown): string {
  if (!value || typeof value !== 'object') return '';
  return Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => ['string', 'number', 'boolean'].includes(typeof field) || field === null)
    .map(([key, field]) => `${key}: ${String(field)}`)
    .join(', ');
}

export function AuditPage() {
  const t = m();
  const { can } = useSession();
  const allowed = can('viewAudit');
  const list = useInfiniteQuery({
    queryKey: ['audit'],
    enabled: allowed,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => dashboardApi.audit(pageParam),
    getNextPageParam: (page) => (page.has_more ? (page.next_cursor ?? undefined) : undefined),
  });
  if (!allowed) {
    return (
      <Page title={t.audit.title}>
        <NotAllowed />
      </Page>
    );
  }
  const rows = list.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <Page title={t.audit.title} lead={t.audit.lead}>
      <Card withBorder>
        {list.isPending && <Loading />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.data && rows.length === 0 && <EmptyState>{t.audit.empty}</EmptyState>}
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={720}>
            <Table striped data-testid="audit-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t.audit.at}</Table.Th>
                  <Table.Th>{t.audit.who}</Table.Th>
                  <Table.Th>{t.audit.action}</Table.Th>
                  <Table.Th>{t.audit.target}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => {
                  const person = row.person as { name?: string; email?: string } | null;
                  return (
                    <Table.Tr key={row.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.at)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{person?.name ?? t.audit.operator}</Text>
                        {person?.email && (
                          <Text size="xs" c="dimmed">
                            {person.email}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Code>{row.action}</Code>
                        {row.environment && (
                          <Text size="xs" c="dimmed">
                            {t.environment[row.environment]}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                          {row.target}
                        </Text>
                        {summary(row.before) && (
                          <Text size="xs" c="dimmed">
                            {t.audit.before}: {summary(row.before)}
                          </Text>
                        )}
                        {summary(row.after) && (
                          <Text size="xs" c="dimmed">
                            {t.audit.after}: {summary(row.after)}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {list.hasNextPage && (
          <Group mt="sm">
            <Button variant="light" size="xs" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t.common.loadMore}
            </Button>
          </Group>
        )}
      </Card>
    </Page>
  );
}

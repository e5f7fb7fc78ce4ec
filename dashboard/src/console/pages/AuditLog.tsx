import { Anchor, Button, Card, Code, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { TwoLineTimeCell } from '../../components/TwoLineTime';
import { ConsolePage } from '../ConsoleShell';
import { ConsoleTable } from '../ConsoleTable';

type Entry = Schemas['AuditEntryDto'];
const FILTERS = ['action', 'merchant_id', 'operator_id', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];

/** Who did it: the operator (and how they signed in), or the merchant's person. */
function who(entry: Entry): string {
  if (entry.operator) return `${entry.operator.name} (${entry.operator.via})`;
  if (entry.person) return `${entry.person.name} <${entry.person.email}>`;
  return 'system';
}

/**
 * The whole audit trail, newest first: every operator's and merchant person's action, with
 * what changed. Append-only in the database; filters live in the URL; the same filters
 * export to CSV.
 */
export function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const filter = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<Filter, string>;
  const [draft, setDraft] = useState(filter);
  const query = useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/admin/audit', {
          params: { query: { limit: 50, cursor: pageParam, ...Object.fromEntries(Object.entries(filter).filter(([, value]) => value)) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const csv = new URLSearchParams({ format: 'csv', ...Object.fromEntries(Object.entries(filter).filter(([, value]) => value)) });
  const entries = query.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <ConsolePage
      title="Audit log"
      lead="Every sign-in, change and decision by operators and merchants' people, with who, when, what and the request id. Nobody can edit or delete it."
      actions={
        <Button component="a" href={`/admin/audit?${csv.toString()}`} variant="light" data-testid="audit-csv">
          Export CSV
        </Button>
      }
    >
      <Card withBorder>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setParams(Object.fromEntries(Object.entries(draft).filter(([, value]) => value.trim())));
          }}
        >
          <Group align="flex-end">
            <TextInput label="Action" placeholder="admin.approve_approval" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })} />
            <TextInput label="Merchant id" value={draft.merchant_id} onChange={(e) => setDraft({ ...draft, merchant_id: e.currentTarget.value })} />
            <TextInput label="Operator id" value={draft.operator_id} onChange={(e) => setDraft({ ...draft, operator_id: e.currentTarget.value })} />
            <TextInput label="From" placeholder="2026-11-01" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} w={130} />
            <TextInput label="To" placeholder="2026-12-01" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} w={130} />
            <Button type="submit">Search</Button>
          </Group>
        </form>
      </Card>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorState error={query.error} />
      ) : !entries.length ? (
        <EmptyState>No entries match.</EmptyState>
      ) : (
        <>
          <ConsoleTable columns={['When', 'Who', 'Action', 'Target', 'Merchant', '']} minWidth={960} testId="audit-table">
            {entries.map((entry) => (
              <AuditRow key={entry.id} entry={entry} />
            ))}
          </ConsoleTable>
          {query.hasNextPage && (
            <Group>
              <Button variant="light" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
                Older entries
              </Button>
            </Group>
          )}
        </>
      )}
    </ConsolePage>
  );
}

function AuditRow({ entry }: { entry: Entry }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Table.Tr data-testid="audit-row" data-action={entry.action}>
        <TwoLineTimeCell value={entry.at} />
        <Table.Td>
          <Text size="sm">{who(entry)}</Text>
        </Table.Td>
        <Table.Td>
          <Code>{entry.action}</Code>
        </Table.Td>
        <Table.Td>
          <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
            {entry.target ?? '—'}
          </Text>
        </Table.Td>
        <Table.Td>
          {entry.merchant_id ? (
            <Anchor href={`/console/merchants/${entry.merchant_id}`} size="xs">
              {entry.merchant_id.slice(0, 8)}…
            </Anchor>
          ) : (
            '—'
          )}
          {entry.environment && (
            <Text size="xs" c="dimmed">
              {entry.environment}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Button size="compact-xs" variant="subtle" onClick={() => setOpen(!open)}>
            {open ? 'Hide' : 'Details'}
          </Button>
        </Table.Td>
      </Table.Tr>
      <Table.Tr style={{ display: open ? undefined : 'none' }}>
        <Table.Td colSpan={6}>
            <Stack gap={4}>
              {entry.before !== null && (
                <Text size="xs">
                  Before: <Code block>{JSON.stringify(entry.before, null, 2)}</Code>
                </Text>
              )}
              <Text size="xs">Request id: {entry.request_id ?? '—'}</Text>
              <Text size="xs" component="div">
                After: <Code block>{JSON.stringify(entry.after, null, 2)}</Code>
              </Text>
            </Stack>
        </Table.Td>
      </Table.Tr>
    </>
  );
}

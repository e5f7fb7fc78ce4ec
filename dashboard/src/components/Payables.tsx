import { Anchor, Button, Card, Checkbox, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { idempotencyKey } from '../api/client';
import { formatDateTime, formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';
import { useAfterIdPages } from './AfterIdPages';
import { CopyValue } from './CopyValue';
import { FormCard } from './FormCard';
import { fromJakartaWallClock, toJakartaWallClock } from './jakarta-dates';
import { FilteredListCard, listFilterQuery, useListFilters } from './ListFilters';
import { Page } from './Page';
import { PagedTable } from './PagedTable';
import { RupiahInput } from './RupiahInput';
import { PAYABLE_STATUSES, type CreatedPayable, type PayableKind, type PayableRecord } from './payable-kind';
import { StatusBadge } from './StatusBadge';
import { ErrorState } from './states';

/** Rows per page of a payables list (the API allows up to 100; one more is asked for). */
export const PAYABLES_PAGE_SIZE = 25;

/** A payable's sandbox link, when it can be paid there: development, unpaid, a role that may use the sandbox. */
export function useSandboxPath<T extends PayableRecord>(kind: PayableKind<T>) {
  const { environment, can } = useSession();
  return (row: T) => (environment === 'development' && can('useSandbox') && row.status === 'unpaid' ? kind.sandboxPath(row.id) : null);
}

/** An API expiration (Jakarta wall clock) as the dashboard shows times. */
export function formatExpiration(expiration: string): string {
  return formatDateTime(fromJakartaWallClock(expiration));
}

function CreatedCard<T extends PayableRecord>({ kind, created }: { kind: PayableKind<T>; created: CreatedPayable }) {
  const text = kind.text();
  return (
    <Card withBorder bg="green.0" data-testid={`${kind.testId}-created`}>
      <Stack gap={4}>
        <Text fw={600}>{text.created}</Text>
        <Text size="sm">
          {created.channel} · {formatRupiah(created.amount)} · {created.external_id}
        </Text>
        <CopyValue value={created.number} testId={`${kind.testId}-created-number`} />
        <Anchor component={Link} to={`/${kind.resource}/${created.id}`} size="xs" ff="monospace" data-testid={`${kind.testId}-created-id`}>
          {created.id}
        </Anchor>
      </Stack>
    </Card>
  );
}

const EMPTY_DRAFT = { name: '', amount: '' as number | string, external_id: '', is_single_use: true, expiration_date: '' };

function CreateForm<T extends PayableRecord>({ kind, onCreated }: { kind: PayableKind<T>; onCreated: (created: CreatedPayable) => void }) {
  const t = m();
  const text = kind.text();
  const channels = useQuery({ queryKey: [kind.channels.queryKey], queryFn: kind.channels.fetch, staleTime: Infinity });
  const [channel, setChannel] = useState(kind.channels.initial);
  const [form, setForm] = useState(EMPTY_DRAFT);
  const create = useMutation({
    mutationFn: (key: string) =>
      kind.create(
        {
          channel,
          name: form.name,
          amount: Number(form.amount),
          external_id: form.external_id,
          is_single_use: form.is_single_use,
          ...(form.expiration_date ? { expiration_date: toJakartaWallClock(form.expiration_date) } : {}),
        },
        key,
      ),
    onSuccess: onCreated,
  });
  const selected = channels.data?.find((option) => option.value === channel);
  return (
    <FormCard title={text.createTitle} onSubmit={() => create.mutate(idempotencyKey())} submitLabel={t.common.create} submitting={create.isPending}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={text.channel} data={channels.data ?? []} value={channel} onChange={(value) => setChannel(value ?? kind.channels.initial)} allowDeselect={false} />
        <TextInput label={t.common.externalId} required value={form.external_id} onChange={(e) => setForm({ ...form, external_id: e.currentTarget.value })} />
        <TextInput label={text.name} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        <RupiahInput
          label={t.common.amount}
          description={selected && t.payables.amountRange(formatRupiah(selected.min_amount), formatRupiah(selected.max_amount))}
          required
          value={form.amount}
          onChange={(value) => setForm({ ...form, amount: value })}
        />
        <TextInput
          label={text.expiration}
          description={t.payables.expirationHint}
          type="datetime-local"
          value={form.expiration_date}
          onChange={(e) => setForm({ ...form, expiration_date: e.currentTarget.value })}
        />
        <Checkbox mt="lg" label={text.singleUse} checked={form.is_single_use} onChange={(e) => setForm({ ...form, is_single_use: e.currentTarget.checked })} />
      </SimpleGrid>
      {create.isError && <ErrorState error={create.error} />}
    </FormCard>
  );
}

/** The merchant's payables of one kind, newest first, filtered, a page at a time; rows link to their detail. */
function PayableList<T extends PayableRecord>({ kind }: { kind: PayableKind<T> }) {
  const t = m();
  const text = kind.text();
  const { can } = useSession();
  const filters = useListFilters(PAYABLE_STATUSES);
  const query = listFilterQuery(filters.filters);
  const sandboxPath = useSandboxPath(kind);
  const paged = useAfterIdPages<T>({
    queryKey: useEnvKey(kind.resource, 'list', query),
    pageSize: PAYABLES_PAGE_SIZE,
    fetchPage: (afterId, limit) => kind.list({ ...query, limit, ...(afterId ? { after_id: afterId } : {}) }),
  });
  const empty = filters.active ? (
    <Stack align="center" gap="xs" data-testid={`${kind.testId}-no-match`}>
      <span>{t.listFilters.nothingMatches}</span>
      <Button variant="light" size="xs" onClick={filters.clear}>
        {t.listFilters.clear}
      </Button>
    </Stack>
  ) : (
    <Stack align="center" gap={4} data-testid={`${kind.testId}-empty`}>
      <Text fw={600} size="sm">
        {text.empty}
      </Text>
      <span>{can('createPayments') ? text.emptyCreateHint : text.emptyApiHint}</span>
    </Stack>
  );
  return (
    <FilteredListCard title={text.list} statuses={PAYABLE_STATUSES} filters={filters}>
      <PagedTable
        paged={paged}
        empty={empty}
        minWidth={900}
        testId={`${kind.testId}-table`}
        head={
          <>
            <Table.Th>{t.common.status}</Table.Th>
            <Table.Th>{t.common.externalId}</Table.Th>
            {kind.head()}
            <Table.Th ta="right">{t.common.amount}</Table.Th>
            <Table.Th>
              {t.common.created}
              <Text size="xs" c="dimmed" fw={400}>
                {text.expires}
              </Text>
            </Table.Th>
            <Table.Th />
          </>
        }
      >
        {(row) => {
          const sandbox = sandboxPath(row);
          return (
            <Table.Tr key={row.id} data-testid={`${kind.testId}-${row.external_id}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <StatusBadge status={row.status} />
              </Table.Td>
              <Table.Td maw={200}>
                <Anchor component={Link} to={`/${kind.resource}/${row.id}`} size="sm" style={{ wordBreak: 'break-all' }}>
                  {row.external_id}
                </Anchor>
                <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {row.id}
                </Text>
              </Table.Td>
              {kind.cells(row)}
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiah(row.amount)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{formatDateTime(row.created)}</Text>
                <Text size="xs" c="dimmed">
                  {formatExpiration(row.expiration_date)}
                </Text>
              </Table.Td>
              <Table.Td>
                {sandbox && (
                  <Anchor component={Link} to={sandbox} size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {text.payInSandbox}
                  </Anchor>
                )}
              </Table.Td>
            </Table.Tr>
          );
        }}
      </PagedTable>
    </FilteredListCard>
  );
}

/**
 * A payables page: the create form (for roles that may create), the card of the one just
 * created, and the list. A new payable appears at the top of the list at once.
 */
export function PayablesPage<T extends PayableRecord>({ kind }: { kind: PayableKind<T> }) {
  const text = kind.text();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const listKey = useEnvKey(kind.resource, 'list');
  const [created, setCreated] = useState<CreatedPayable | null>(null);
  return (
    <Page title={text.title} lead={text.lead}>
      {created && <CreatedCard kind={kind} created={created} />}
      {can('createPayments') && (
        <CreateForm
          kind={kind}
          onCreated={(payable) => {
            setCreated(payable);
            void queryClient.invalidateQueries({ queryKey: listKey });
          }}
        />
      )}
      <PayableList kind={kind} />
    </Page>
  );
}

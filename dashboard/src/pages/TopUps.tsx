import { Button, Card, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, idempotencyKey, unwrap } from '../api/client';
import { CopyValue } from '../components/CopyValue';
import { Page } from '../components/Page';
import { PagedTable, useCursorPages } from '../components/PagedTable';
import { StatusBadge } from '../components/StatusBadge';
import { EmptyState, ErrorState, Loading, NotAllowed } from '../components/states';
import { formatDateTime, formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';

type StatusFilter = 'all' | 'pending' | 'approved' | 'rejected' | 'reversed';

function BankAccounts() {
  const t = m();
  const key = useEnvKey('top-up-bank-accounts');
  const accounts = useQuery({ queryKey: key, queryFn: () => unwrap(api.GET('/api/v2/top-ups/bank-accounts')) });
  return (
    <Card withBorder data-testid="top-up-bank-accounts">
      <Stack gap="sm">
        <Title order={4}>{t.topUps.bankAccount}</Title>
        {accounts.isPending && <Loading />}
        {accounts.isError && <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />}
        {accounts.data && accounts.data.length === 0 && <EmptyState>{t.topUps.noBankAccount}</EmptyState>}
        {accounts.data?.map((account) => (
          <Stack key={account.id} gap={2}>
            <Text fw={600}>{account.bank_name}</Text>
            <CopyValue value={account.account_number} />
            <Text size="sm">{account.account_name}</Text>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}

function Declare() {
  const t = m();
  const queryClient = useQueryClient();
  const environmentKey = useEnvKey();
  const [amount, setAmount] = useState<number | string>('');
  const [reference, setReference] = useState('');
  const declare = useMutation({
    mutationFn: (key: string) =>
      unwrap(api.POST('/api/v2/top-ups', { params: { header: { 'Idempotency-Key': key } }, body: { amount: Number(amount), transfer_reference: reference } })),
    onSuccess: () => {
      setAmount('');
      setReference('');
      void queryClient.invalidateQueries({ queryKey: environmentKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    declare.mutate(idempotencyKey());
  };
  return (
    <Card withBorder>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4}>{t.topUps.declare}</Title>
          <NumberInput label={t.common.amount} required prefix="Rp " thousandSeparator="." decimalSeparator="," allowDecimal={false} min={1} value={amount} onChange={setAmount} />
          <TextInput label={t.topUps.transferReference} required value={reference} onChange={(e) => setReference(e.currentTarget.value)} />
          {declare.isError && <ErrorState error={declare.error} />}
          {declare.data && (
            <Group gap="xs" data-testid="top-up-declared">
              <Text size="sm">{t.topUps.declared}:</Text>
              <StatusBadge status={declare.data.status} />
              <Text size="sm">{formatRupiah(declare.data.amount)}</Text>
            </Group>
          )}
          <Group>
            <Button type="submit" loading={declare.isPending}>
              {t.topUps.declare}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function TopUpList() {
  const t = m();
  const [status, setStatus] = useState<StatusFilter>('all');
  const key = useEnvKey('top-ups', status);
  const paged = useCursorPages({
    queryKey: key,
    fetchPage: (cursor) =>
      unwrap(api.GET('/api/v2/top-ups', { params: { query: { limit: 25, cursor, ...(status === 'all' ? {} : { status }) } } })),
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t.topUps.list}</Title>
          <SegmentedControl
            size="xs"
            value={status}
            onChange={(value) => setStatus(value as StatusFilter)}
            data={(['all', 'pending', 'approved', 'rejected', 'reversed'] as const).map((value) => ({ value, label: value === 'all' ? 'All' : t.status[value] }))}
          />
        </Group>
        <PagedTable
          paged={paged}
          empty={t.topUps.empty}
          minWidth={640}
          testId="top-up-table"
          loadMoreMt={0}
          head={
            <>
              <Table.Th>{t.common.status}</Table.Th>
              <Table.Th ta="right">{t.common.amount}</Table.Th>
              <Table.Th>{t.topUps.transferReference}</Table.Th>
              <Table.Th>{t.common.created}</Table.Th>
              <Table.Th>{t.topUps.decided}</Table.Th>
            </>
          }
        >
          {(row) => (
            <Table.Tr key={row.id}>
              <Table.Td>
                <StatusBadge status={row.status} />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiah(row.amount)}
              </Table.Td>
              <Table.Td>{row.transfer_reference}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.created)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(row.decided as string | null)}
                {row.reason ? <Text size="xs" c="dimmed">{String(row.reason)}</Text> : null}
              </Table.Td>
            </Table.Tr>
          )}
        </PagedTable>
      </Stack>
    </Card>
  );
}

export function TopUpsPage() {
  const t = m();
  const { can } = useSession();
  if (!can('viewTopUps')) {
    return (
      <Page title={t.topUps.title} lead={t.topUps.lead}>
        <NotAllowed />
      </Page>
    );
  }
  return (
    <Page title={t.topUps.title} lead={t.topUps.lead}>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <BankAccounts />
        {can('topUp') ? <Declare /> : <NotAllowed />}
      </SimpleGrid>
      <TopUpList />
    </Page>
  );
}

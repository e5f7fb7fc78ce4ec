import { Card, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, idempotencyKey, unwrap } from '../api/client';
import { CopyValue } from '../components/CopyValue';
import { FormCard } from '../components/FormCard';
import { Page } from '../components/Page';
import { RupiahInput } from '../components/RupiahInput';
import { StatusAmountLine } from '../components/StatusBadge';
import { StatusFilteredList } from '../components/StatusFilteredList';
import { EmptyState, ErrorState, Loading, NotAllowed } from '../components/states';
import { formatDateTime } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';

const TOP_UP_STATUSES = ['pending', 'approved', 'rejected', 'reversed'] as const;

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
  return (
    <FormCard title={t.topUps.declare} onSubmit={() => declare.mutate(idempotencyKey())} submitLabel={t.topUps.declare} submitting={declare.isPending}>
      <RupiahInput label={t.common.amount} required value={amount} onChange={setAmount} />
      <TextInput label={t.topUps.transferReference} required value={reference} onChange={(e) => setReference(e.currentTarget.value)} />
      {declare.isError && <ErrorState error={declare.error} />}
      {declare.data && <StatusAmountLine label={t.topUps.declared} status={declare.data.status} amount={declare.data.amount} testId="top-up-declared" />}
    </FormCard>
  );
}

function TopUpList() {
  const t = m();
  return (
    <StatusFilteredList
      title={t.topUps.list}
      statuses={TOP_UP_STATUSES}
      queryKey={useEnvKey('top-ups')}
      fetchPage={(query) => unwrap(api.GET('/api/v2/top-ups', { params: { query } }))}
      empty={t.topUps.empty}
      minWidth={640}
      testId="top-up-table"
      columns={
        <>
          <Table.Th>{t.topUps.transferReference}</Table.Th>
          <Table.Th>{t.common.created}</Table.Th>
          <Table.Th>{t.topUps.decided}</Table.Th>
        </>
      }
      cells={(row) => (
        <>
          <Table.Td>{row.transfer_reference}</Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.created)}</Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>
            {formatDateTime(row.decided)}
            {row.reason ? <Text size="xs" c="dimmed">{row.reason}</Text> : null}
          </Table.Td>
        </>
      )}
    />
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

import { Anchor, Button, Card, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, idempotencyKey, unwrap, type Schemas } from '../api/client';
import { CopyValue } from '../components/CopyValue';
import { Page } from '../components/Page';
import { StatusBadge } from '../components/StatusBadge';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { formatDateTime, formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';

type VirtualAccount = Schemas['VirtualAccountDto'];

export function VirtualAccountTable({ rows }: { rows: VirtualAccount[] }) {
  const t = m();
  const { environment } = useSession();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover data-testid="va-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.common.status}</Table.Th>
            <Table.Th>{t.common.externalId}</Table.Th>
            <Table.Th>{t.common.bank}</Table.Th>
            <Table.Th>{t.common.accountNumber}</Table.Th>
            <Table.Th ta="right">{t.common.amount}</Table.Th>
            <Table.Th>{t.virtualAccounts.expires}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((va) => (
            <Table.Tr key={va.id} data-testid={`va-${va.external_id}`}>
              <Table.Td>
                <StatusBadge status={va.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{va.external_id}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {va.id}
                </Text>
              </Table.Td>
              <Table.Td>{va.bank_code}</Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {va.account_number}
                </Text>
                <Text size="xs" c="dimmed">
                  {va.account_name}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiah(va.amount)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(va.expiration_date)}</Table.Td>
              <Table.Td>
                {environment === 'development' && va.status === 'unpaid' && (
                  <Anchor component={Link} to={`/sandbox?va=${va.id}`} size="sm">
                    {t.virtualAccounts.payInSandbox}
                  </Anchor>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Find() {
  const t = m();
  const [input, setInput] = useState('');
  const [externalId, setExternalId] = useState<string | null>(null);
  const key = useEnvKey('virtual-accounts', 'find', externalId);
  const found = useQuery({
    queryKey: key,
    enabled: externalId !== null,
    queryFn: () => unwrap(api.GET('/api/v2/virtual-accounts', { params: { query: { external_id: externalId! } } })),
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setExternalId(input.trim() || null);
          }}
        >
          <Group align="flex-end">
            <TextInput label={t.virtualAccounts.find} placeholder={t.virtualAccounts.findPlaceholder} value={input} onChange={(e) => setInput(e.currentTarget.value)} style={{ flex: 1 }} />
            <Button type="submit" variant="light">
              {t.common.search}
            </Button>
          </Group>
        </form>
        {externalId === null && <EmptyState>{t.virtualAccounts.emptyHint}</EmptyState>}
        {externalId !== null && found.isPending && <Loading />}
        {found.isError && <ErrorState error={found.error} onRetry={() => void found.refetch()} />}
        {found.data && found.data.length === 0 && <EmptyState>{t.virtualAccounts.notFound}</EmptyState>}
        {found.data && found.data.length > 0 && <VirtualAccountTable rows={found.data} />}
      </Stack>
    </Card>
  );
}

function Create({ onCreated }: { onCreated: (va: VirtualAccount) => void }) {
  const t = m();
  const banks = useQuery({ queryKey: ['virtual-account-banks'], queryFn: () => unwrap(api.GET('/api/v2/virtual-account-banks')), staleTime: Infinity });
  const [form, setForm] = useState({ bank_code: 'BNI', name: '', amount: '' as number | string, external_id: '', is_single_use: true, expiration_date: '' });
  const create = useMutation({
    mutationFn: (key: string) =>
      unwrap(
        api.POST('/api/v2/create-virtual-account', {
          params: { header: { 'Idempotency-Key': key } },
          body: {
            bank_code: form.bank_code,
            name: form.name,
            amount: Number(form.amount),
            external_id: form.external_id,
            is_single_use: form.is_single_use,
            ...(form.expiration_date ? { expiration_date: new Date(form.expiration_date).toISOString() } : {}),
          },
        }),
      ),
    onSuccess: onCreated,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(idempotencyKey());
  };
  const bankOptions = (banks.data ?? []).map((bank) => ({ value: bank.code, label: `${bank.code} · ${bank.name}`, disabled: bank.status !== 'available' }));
  return (
    <Card withBorder>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4}>{t.virtualAccounts.createTitle}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label={t.common.bank} data={bankOptions} value={form.bank_code} onChange={(value) => setForm({ ...form, bank_code: value ?? 'BNI' })} allowDeselect={false} />
            <TextInput label={t.common.externalId} required value={form.external_id} onChange={(e) => setForm({ ...form, external_id: e.currentTarget.value })} />
            <TextInput label={t.virtualAccounts.name} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
            <NumberInput label={t.common.amount} required prefix="Rp " thousandSeparator="." decimalSeparator="," allowDecimal={false} min={1} value={form.amount} onChange={(value) => setForm({ ...form, amount: value })} />
            <TextInput label={t.virtualAccounts.expiration} type="datetime-local" value={form.expiration_date} onChange={(e) => setForm({ ...form, expiration_date: e.currentTarget.value })} />
            <Checkbox mt="lg" label={t.virtualAccounts.singleUse} checked={form.is_single_use} onChange={(e) => setForm({ ...form, is_single_use: e.currentTarget.checked })} />
          </SimpleGrid>
          {create.isError && <ErrorState error={create.error} />}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t.common.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function VirtualAccountsPage() {
  const t = m();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const recentKey = useEnvKey('virtual-accounts', 'recent');
  const recent = useQuery<VirtualAccount[]>({ queryKey: recentKey, queryFn: () => [], staleTime: Infinity, gcTime: Infinity });
  const [created, setCreated] = useState<VirtualAccount | null>(null);
  return (
    <Page title={t.virtualAccounts.title}>
      {created && (
        <Card withBorder bg="green.0" data-testid="va-created">
          <Stack gap={4}>
            <Text fw={600}>{t.virtualAccounts.created}</Text>
            <Text size="sm">
              {created.bank_code} · {formatRupiah(created.amount)} · {created.external_id}
            </Text>
            <CopyValue value={created.account_number} testId="va-created-number" />
            <Text size="xs" c="dimmed" ff="monospace" data-testid="va-created-id">
              {created.id}
            </Text>
          </Stack>
        </Card>
      )}
      {can('createPayments') && (
        <Create
          onCreated={(va) => {
            setCreated(va);
            queryClient.setQueryData<VirtualAccount[]>(recentKey, (rows = []) => [va, ...rows]);
          }}
        />
      )}
      <Find />
      {recent.data && recent.data.length > 0 && (
        <Card withBorder>
          <Stack gap="sm">
            <Title order={4}>{t.virtualAccounts.recent}</Title>
            <VirtualAccountTable rows={recent.data} />
          </Stack>
        </Card>
      )}
    </Page>
  );
}

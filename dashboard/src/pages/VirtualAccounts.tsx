import { Button, Card, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, idempotencyKey, unwrap, type Schemas } from '../api/client';
import { CopyValue } from '../components/CopyValue';
import { FindByExternalId } from '../components/FindByExternalId';
import { Page } from '../components/Page';
import { RecentCard, useRecent } from '../components/Recent';
import { ResourceTable } from '../components/ResourceTable';
import { ErrorState } from '../components/states';
import { formatDateTime, formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useSession } from '../session';

type VirtualAccount = Schemas['VirtualAccountDto'];

export function VirtualAccountTable({ rows }: { rows: VirtualAccount[] }) {
  const t = m();
  return (
    <ResourceTable
      rows={rows}
      testId="va-table"
      rowTestId={(va) => `va-${va.external_id}`}
      highlightOnHover
      extraHead={<Table.Th>{t.virtualAccounts.expires}</Table.Th>}
      extraCell={(va) => <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(va.expiration_date)}</Table.Td>}
      sandboxLink={(va) => (va.status === 'unpaid' ? `/sandbox?va=${va.id}` : null)}
      sandboxLabel={t.virtualAccounts.payInSandbox}
    />
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
  const recent = useRecent<VirtualAccount>('virtual-accounts');
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
            recent.add([va]);
          }}
        />
      )}
      <FindByExternalId
        resource="virtual-accounts"
        find={(externalId) => unwrap(api.GET('/api/v2/virtual-accounts', { params: { query: { external_id: externalId } } }))}
        label={t.virtualAccounts.find}
        placeholder={t.virtualAccounts.findPlaceholder}
        emptyHint={t.virtualAccounts.emptyHint}
        notFound={t.virtualAccounts.notFound}
      >
        {(rows) => <VirtualAccountTable rows={rows} />}
      </FindByExternalId>
      <RecentCard count={recent.rows.length}>
        <VirtualAccountTable rows={recent.rows} />
      </RecentCard>
    </Page>
  );
}

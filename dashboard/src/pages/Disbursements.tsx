import { Alert, Badge, Button, Card, FileInput, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, idempotencyKey, unwrap, type Schemas } from '../api/client';
import { FindByExternalId } from '../components/FindByExternalId';
import { Page } from '../components/Page';
import { RecentCard, useRecent } from '../components/Recent';
import { ResourceTable } from '../components/ResourceTable';
import { ErrorState, NotAllowed } from '../components/states';
import { checkBatchCsv, type CheckedFile } from '../disbursements/batch-csv';
import { formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';

type Disbursement = Schemas['DisbursementDto'];

function useBanks() {
  return useQuery({ queryKey: ['disbursement-banks'], queryFn: () => unwrap(api.GET('/api/v2/banks')), staleTime: Infinity });
}

export function DisbursementTable({ rows }: { rows: Disbursement[] }) {
  const t = m();
  return (
    <ResourceTable
      rows={rows}
      testId="disbursement-table"
      rowTestId={(row) => `disbursement-${row.external_id}`}
      extraHead={<Table.Th>{t.disbursements.failureCode}</Table.Th>}
      extraCell={(row) => <Table.Td>{row.failure_code ?? '—'}</Table.Td>}
      sandboxLink={(row) => (row.status === 'pending' ? `/sandbox?disbursement=${row.id}` : null)}
      sandboxLabel={t.nav.sandbox}
    />
  );
}

function CreateDisbursement({ onCreated }: { onCreated: (row: Disbursement) => void }) {
  const t = m();
  const banks = useBanks();
  const [form, setForm] = useState({ bank_code: 'BCA', account_number: '', account_name: '', amount: '' as number | string, description: '', external_id: '' });
  const inquiry = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v2/inquiry-account', { body: { bank_code: form.bank_code, account_number: form.account_number } })),
    onSuccess: (result) => setForm((current) => ({ ...current, account_name: result.account_name })),
  });
  const create = useMutation({
    mutationFn: (key: string) =>
      unwrap(
        api.POST('/api/v2/create-disbursement', {
          params: { header: { 'Idempotency-Key': key } },
          body: { ...form, amount: Number(form.amount) },
        }),
      ),
    onSuccess: onCreated,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(idempotencyKey());
  };
  const bank = banks.data?.find((b) => b.code === form.bank_code);
  return (
    <Card withBorder>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4}>{t.disbursements.createTitle}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t.common.bank}
              searchable
              data={(banks.data ?? []).filter((b) => b.can_disburse).map((b) => ({ value: b.code, label: b.name.includes(b.code) ? b.name : `${b.name} (${b.code})` }))}
              value={form.bank_code}
              onChange={(value) => setForm({ ...form, bank_code: value ?? 'BCA' })}
              allowDeselect={false}
            />
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <TextInput label={t.common.accountNumber} required value={form.account_number} onChange={(e) => setForm({ ...form, account_number: e.currentTarget.value })} style={{ flex: 1 }} />
              <Button variant="light" onClick={() => inquiry.mutate()} loading={inquiry.isPending} disabled={!form.account_number}>
                {t.disbursements.inquiry}
              </Button>
            </Group>
            <TextInput label={t.common.accountName} required value={form.account_name} onChange={(e) => setForm({ ...form, account_name: e.currentTarget.value })} />
            <NumberInput
              label={t.common.amount}
              description={bank ? `${formatRupiah(bank.min_amount)} – ${formatRupiah(bank.max_amount)}` : undefined}
              required
              prefix="Rp "
              thousandSeparator="."
              decimalSeparator=","
              allowDecimal={false}
              value={form.amount}
              onChange={(value) => setForm({ ...form, amount: value })}
            />
            <TextInput label={t.common.description} required value={form.description} onChange={(e) => setForm({ ...form, description: e.currentTarget.value })} />
            <TextInput label={t.common.externalId} required value={form.external_id} onChange={(e) => setForm({ ...form, external_id: e.currentTarget.value })} />
          </SimpleGrid>
          {inquiry.isError && <ErrorState error={inquiry.error} />}
          {create.isError && <ErrorState error={create.error} />}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t.disbursements.send}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function BatchUpload({ onCreated }: { onCreated: (rows: Disbursement[]) => void }) {
  const t = m();
  const banks = useBanks();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<CheckedFile | null>(null);
  const [reference, setReference] = useState('');
  const send = useMutation({
    mutationFn: (key: string) =>
      unwrap(
        api.POST('/api/v2/create-batch-disbursement', {
          params: { header: { 'Idempotency-Key': key } },
          body: { reference, disbursements: checked!.rows.map((row) => row.item) },
        }),
      ),
    onSuccess: (batch) => {
      onCreated(batch.disbursements as Disbursement[]);
      setChecked(null);
      setFile(null);
    },
  });
  const choose = async (chosen: File | null) => {
    setFile(chosen);
    send.reset();
    if (!chosen) return setChecked(null);
    setReference((current) => current || chosen.name.replace(/\.csv$/i, ''));
    setChecked(checkBatchCsv(await chosen.text(), banks.data ?? []));
  };
  const bad = checked?.rows.filter((row) => row.errors.length > 0) ?? [];
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t.disbursements.batchTitle}</Title>
        <Text size="sm" c="dimmed">
          {t.disbursements.batchLead}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <FileInput label={t.disbursements.chooseFile} accept=".csv,text/csv" value={file} onChange={(chosen) => void choose(chosen)} clearable data-testid="batch-file" disabled={!banks.data} />
          <TextInput label={t.disbursements.batchReference} value={reference} onChange={(e) => setReference(e.currentTarget.value)} />
        </SimpleGrid>
        {checked && (
          <Stack gap="xs" data-testid="batch-check">
            {checked.fileErrors.map((error) => (
              <Alert key={error} color="red">
                {error}
              </Alert>
            ))}
            {checked.valid ? (
              <Alert color="green">{t.disbursements.rowsValid(checked.rows.length)}</Alert>
            ) : (
              bad.length > 0 && <Alert color="red">{t.disbursements.rowsInvalid(bad.length, checked.rows.length)}</Alert>
            )}
            <Table.ScrollContainer minWidth={720}>
              <Table data-testid="batch-rows">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t.disbursements.row}</Table.Th>
                    <Table.Th>{t.common.bank}</Table.Th>
                    <Table.Th>{t.common.accountNumber}</Table.Th>
                    <Table.Th ta="right">{t.common.amount}</Table.Th>
                    <Table.Th>{t.common.externalId}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {checked.rows.map((row) => (
                    <Table.Tr key={row.line} bg={row.errors.length ? 'red.0' : undefined} data-testid={`batch-line-${row.line}`} data-valid={row.errors.length === 0}>
                      <Table.Td>{row.line}</Table.Td>
                      <Table.Td>{row.item.bank_code}</Table.Td>
                      <Table.Td ff="monospace">{row.item.account_number}</Table.Td>
                      <Table.Td ta="right">{Number.isSafeInteger(row.item.amount) ? formatRupiah(row.item.amount) : '—'}</Table.Td>
                      <Table.Td>{row.item.external_id}</Table.Td>
                      <Table.Td>
                        {row.errors.length === 0 ? (
                          <Badge color="green" variant="light">
                            OK
                          </Badge>
                        ) : (
                          row.errors.map((error) => (
                            <Text key={error} size="xs" c="red">
                              {error}
                            </Text>
                          ))
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {send.isError && <ErrorState error={send.error} />}
            <Group>
              <Button disabled={!checked.valid || !reference.trim()} loading={send.isPending} onClick={() => send.mutate(idempotencyKey())}>
                {t.disbursements.sendBatch(checked.rows.length, formatRupiah(checked.total))}
              </Button>
            </Group>
          </Stack>
        )}
        {send.data && (
          <Alert color="green" title={t.disbursements.batchSent} data-testid="batch-sent">
            {send.data.reference} · {send.data.item_count} · {formatRupiah(send.data.total_amount)}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

export function DisbursementsPage() {
  const t = m();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const recent = useRecent<Disbursement>('disbursements');
  const walletsKey = useEnvKey('wallets');
  const meKey = useEnvKey('me');
  const me = useQuery({ queryKey: meKey, queryFn: () => unwrap(api.GET('/api/v2/me')) });
  const added = (rows: Disbursement[]) => {
    recent.add(rows);
    void queryClient.invalidateQueries({ queryKey: meKey });
    void queryClient.invalidateQueries({ queryKey: walletsKey });
  };
  return (
    <Page
      title={t.disbursements.title}
      actions={
        me.data && (
          <Stack gap={0} align="flex-end">
            <Text size="xs" c="dimmed">
              {t.disbursements.disbursable}
            </Text>
            <Text fw={700} data-testid="disbursable">
              {formatRupiah(me.data.remaning_disbursable_amount)}
            </Text>
          </Stack>
        )
      }
    >
      {can('disburse') ? (
        <>
          <CreateDisbursement onCreated={(row) => added([row])} />
          <BatchUpload onCreated={added} />
        </>
      ) : (
        <NotAllowed />
      )}
      <RecentCard count={recent.rows.length}>
        <DisbursementTable rows={recent.rows} />
      </RecentCard>
      <FindByExternalId
        resource="disbursements"
        find={(externalId) => unwrap(api.GET('/api/v2/disbursements', { params: { query: { external_id: externalId } } }))}
        label={t.disbursements.find}
        emptyHint={t.disbursements.emptyHint}
        notFound={t.disbursements.notFound}
      >
        {(rows) => <DisbursementTable rows={rows} />}
      </FindByExternalId>
    </Page>
  );
}

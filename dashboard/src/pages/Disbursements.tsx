import { Alert, Anchor, Badge, Button, Card, FileInput, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, idempotencyKey, unwrap, type Schemas } from '../api/client';
import { useAfterIdPages } from '../components/AfterIdPages';
import { BankAccountCells } from '../components/NumberCells';
import { FormCard } from '../components/FormCard';
import { FilteredListCard, listFilterQuery, useListFilters } from '../components/ListFilters';
import { Page } from '../components/Page';
import { RupiahInput } from '../components/RupiahInput';
import { PagedTable, ScrollTable } from '../components/PagedTable';
import { StatusBadge } from '../components/StatusBadge';
import { TwoLineTimeCell } from '../components/TwoLineTime';
import { ErrorState, NotAllowed } from '../components/states';
import { AvailableBalance, useMe } from '../disbursements/AvailableBalance';
import { bankAmountRange, BankSelect, useBanks } from '../disbursements/banks';
import { checkBatchCsv, type CheckedFile } from '../disbursements/batch-csv';
import { formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';

type DisbursementRecord = Schemas['DisbursementRecordDto'];

const STATUSES = ['pending', 'done', 'failed'] as const;

const EMPTY_FORM = { account_number: '', account_name: '', amount: '' as number | string, description: '', external_id: '' };

function CreateDisbursement({ onCreated }: { onCreated: () => void }) {
  const t = m();
  const banks = useBanks();
  const [form, setForm] = useState({ bank_code: 'BCA', ...EMPTY_FORM });
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
    onSuccess: () => {
      // The bank stays chosen for the next one; a reused external id would be a mistake.
      setForm((current) => ({ ...current, ...EMPTY_FORM }));
      onCreated();
    },
  });
  const bank = banks.data?.find((b) => b.code === form.bank_code);
  return (
    <FormCard title={t.disbursements.createTitle} onSubmit={() => create.mutate(idempotencyKey())} submitLabel={t.disbursements.send} submitting={create.isPending}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <BankSelect banks={banks.data} value={form.bank_code} onChange={(bank_code) => setForm({ ...form, bank_code })} />
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput label={t.common.accountNumber} required value={form.account_number} onChange={(e) => setForm({ ...form, account_number: e.currentTarget.value })} style={{ flex: 1 }} />
          <Button variant="light" onClick={() => inquiry.mutate()} loading={inquiry.isPending} disabled={!form.account_number}>
            {t.disbursements.inquiry}
          </Button>
        </Group>
        <TextInput label={t.common.accountName} required value={form.account_name} onChange={(e) => setForm({ ...form, account_name: e.currentTarget.value })} />
        <RupiahInput label={t.common.amount} description={bankAmountRange(bank)} required value={form.amount} onChange={(value) => setForm({ ...form, amount: value })} />
        <TextInput label={t.common.description} required value={form.description} onChange={(e) => setForm({ ...form, description: e.currentTarget.value })} />
        <TextInput label={t.common.externalId} required value={form.external_id} onChange={(e) => setForm({ ...form, external_id: e.currentTarget.value })} />
      </SimpleGrid>
      {inquiry.isError && <ErrorState error={inquiry.error} />}
      {create.isError && <ErrorState error={create.error} />}
      {create.data && !create.isPending && (
        <Alert color="green" py="xs" data-testid="disbursement-created">
          <Group gap="xs">
            <Text size="sm">{t.disbursements.created}:</Text>
            <Anchor component={Link} to={`/disbursements/${create.data.id}`} size="sm">
              {create.data.external_id}
            </Anchor>
            <Text size="sm">{formatRupiah(create.data.amount)}</Text>
          </Group>
        </Alert>
      )}
    </FormCard>
  );
}

function BatchUpload({ onCreated }: { onCreated: () => void }) {
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
    onSuccess: () => {
      onCreated();
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
            <ScrollTable
              minWidth={720}
              testId="batch-rows"
              striped={false}
              head={
                <>
                  <Table.Th>{t.disbursements.row}</Table.Th>
                  <Table.Th>{t.common.bank}</Table.Th>
                  <Table.Th>{t.common.accountNumber}</Table.Th>
                  <Table.Th ta="right">{t.common.amount}</Table.Th>
                  <Table.Th>{t.common.externalId}</Table.Th>
                  <Table.Th />
                </>
              }
            >
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
            </ScrollTable>
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

/**
 * One disbursement in the list; its external id opens the detail page. The status cell also
 * carries what follows from the status: the failure code, or the sandbox link while pending.
 */
function DisbursementRow({ row }: { row: DisbursementRecord }) {
  const t = m();
  const { environment, can } = useSession();
  return (
    <Table.Tr data-testid={`disbursement-${row.external_id}`}>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <StatusBadge status={row.status} />
          {row.failure_code && (
            <Text size="xs" c="red" ff="monospace">
              {row.failure_code}
            </Text>
          )}
          {row.status === 'pending' && environment === 'development' && can('useSandbox') && (
            <Anchor component={Link} to={`/sandbox?disbursement=${row.id}`} size="xs">
              {t.nav.sandbox}
            </Anchor>
          )}
        </Stack>
      </Table.Td>
      <Table.Td maw={200}>
        <Anchor component={Link} to={`/disbursements/${row.id}`} size="sm">
          {row.external_id}
        </Anchor>
        <Text size="xs" c="dimmed" ff="monospace" truncate="end" title={row.id}>
          {row.id}
        </Text>
      </Table.Td>
      <BankAccountCells account={row} />
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {formatRupiah(row.amount)}
      </Table.Td>
      <TwoLineTimeCell value={row.created} />
      <TwoLineTimeCell value={row.completed} />
    </Table.Tr>
  );
}

/** Every disbursement of the environment, newest first, filtered and paged by `after_id`. */
function DisbursementList() {
  const t = m();
  const filters = useListFilters(STATUSES);
  const query = listFilterQuery(filters.filters);
  const paged = useAfterIdPages<DisbursementRecord>({
    queryKey: useEnvKey('disbursements', 'list', query),
    fetchPage: (afterId, limit) => unwrap(api.GET('/api/v2/disbursements', { params: { query: { ...query, limit, after_id: afterId } } })),
  });
  return (
    <FilteredListCard title={t.disbursements.list} statuses={STATUSES} filters={filters}>
      <PagedTable
        paged={paged}
        empty={filters.active ? t.listFilters.nothingMatches : t.disbursements.empty}
        minWidth={880}
        testId="disbursement-table"
        loadMoreMt={0}
        head={
          <>
            <Table.Th>{t.common.status}</Table.Th>
            <Table.Th>{t.common.externalId}</Table.Th>
            <Table.Th>{t.common.bank}</Table.Th>
            <Table.Th>{t.common.accountNumber}</Table.Th>
            <Table.Th ta="right">{t.common.amount}</Table.Th>
            <Table.Th>{t.common.created}</Table.Th>
            <Table.Th>{t.disbursements.completed}</Table.Th>
          </>
        }
      >
        {(row) => <DisbursementRow key={row.id} row={row} />}
      </PagedTable>
    </FilteredListCard>
  );
}

export function DisbursementsPage() {
  const t = m();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const environmentKey = useEnvKey();
  const me = useMe();
  // The list, both balances and Home's calculation all change with a new disbursement.
  const created = () => void queryClient.invalidateQueries({ queryKey: environmentKey });
  return (
    <Page title={t.disbursements.title} actions={<AvailableBalance label={t.disbursements.disbursable} amount={me.data?.remaning_disbursable_amount} testId="disbursable" />}>
      {can('disburse') ? (
        <>
          <CreateDisbursement onCreated={created} />
          <BatchUpload onCreated={created} />
        </>
      ) : (
        <NotAllowed />
      )}
      <DisbursementList />
    </Page>
  );
}

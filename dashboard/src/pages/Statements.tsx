import { Button, Card, Group, SegmentedControl, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, contextHeaders, requestContext, unwrap, type Schemas } from '../api/client';
import { Page } from '../components/Page';
import { PagedTable, useCursorPages } from '../components/PagedTable';
import { ErrorState, NotAllowed } from '../components/states';
import { currentMonthPeriod, formatDateTime, formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';

type Wallet = 'income' | 'disburse';
type MovementCode = Schemas['StatementRowDto']['code'];

const MOVEMENT_CODES: MovementCode[] = ['payment', 'settlement', 'withdrawal', 'top_up', 'disbursement', 'reversal', 'fee'];

type Order = 'newest_first' | 'oldest_first';

interface StatementFilter {
  wallet: Wallet;
  code?: MovementCode;
  from: string;
  to: string;
  order: Order;
}

/** The filter a link asked for (`?wallet=&code=&from=&to=&order=`; an empty from/to means all time), else this month's income, newest first. */
function filterFromUrl(params: URLSearchParams): StatementFilter {
  const month = currentMonthPeriod();
  const code = params.get('code') as MovementCode | null;
  return {
    wallet: params.get('wallet') === 'disburse' ? 'disburse' : 'income',
    code: code && MOVEMENT_CODES.includes(code) ? code : undefined,
    from: params.get('from') ?? (params.has('to') ? '' : month.from),
    to: params.get('to') ?? (params.has('from') ? '' : month.to),
    order: params.get('order') === 'oldest_first' ? 'oldest_first' : 'newest_first',
  };
}

function statementQuery(filter: StatementFilter) {
  return {
    wallet: filter.wallet,
    code: filter.code,
    from: filter.from || undefined,
    to: filter.to || undefined,
    order: filter.order === 'oldest_first' ? filter.order : undefined,
  };
}

/** Fetches the CSV with the session's headers (a plain link cannot send them) and saves it. */
async function downloadCsv(filter: StatementFilter): Promise<void> {
  const query = new URLSearchParams({ format: 'csv' });
  for (const [name, value] of Object.entries(statementQuery(filter))) if (value) query.set(name, value);
  const response = await fetch(`/api/v2/transactions?${query}`, { credentials: 'same-origin', headers: contextHeaders('GET') });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error_code?: string; message?: string };
    throw new ApiError(response.status, body.error_code ?? 'SERVER_ERROR', body.message ?? `Download failed (${response.status})`);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `palladium-${requestContext().environment}-${filter.wallet}.csv`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function StatementsPage() {
  const t = m();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const filter = filterFromUrl(params);
  const [draft, setDraft] = useState({ from: filter.from, to: filter.to });
  useEffect(() => setDraft({ from: filter.from, to: filter.to }), [filter.from, filter.to]);
  // The filter lives in the URL: Home's figures link straight to their movements, and a statement can be shared.
  const show = (next: Partial<StatementFilter>) => {
    const merged = { ...filter, ...next };
    setParams({
      wallet: merged.wallet,
      ...(merged.code ? { code: merged.code } : {}),
      from: merged.from,
      to: merged.to,
      ...(merged.order === 'oldest_first' ? { order: merged.order } : {}),
    });
  };
  const key = useEnvKey('statement', filter.wallet, filter.code, filter.from, filter.to, filter.order);
  const allowed = can('viewMovements');
  const paged = useCursorPages({
    queryKey: key,
    enabled: allowed,
    fetchPage: (cursor) => unwrap(api.GET('/api/v2/transactions', { params: { query: { ...statementQuery(filter), limit: 50, cursor } } })),
  });
  const download = useMutation({ mutationFn: () => downloadCsv(filter) });
  if (!allowed) {
    return (
      <Page title={t.statements.title}>
        <NotAllowed />
      </Page>
    );
  }
  return (
    <Page title={t.statements.title}>
      <Card withBorder>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            show(draft);
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t.statements.wallet}
              </Text>
              <SegmentedControl
                value={filter.wallet}
                onChange={(value) => show({ wallet: value as Wallet, code: undefined })}
                data={[
                  { value: 'income', label: t.home.income },
                  { value: 'disburse', label: t.home.disburse },
                ]}
              />
            </Stack>
            <Select
              label={t.statements.movement}
              data-testid="movement-filter"
              value={filter.code ?? 'all'}
              onChange={(value) => show({ code: value && value !== 'all' ? (value as MovementCode) : undefined })}
              allowDeselect={false}
              data={[{ value: 'all', label: t.statements.allMovements }, ...MOVEMENT_CODES.map((code) => ({ value: code, label: t.movements[code] ?? code }))]}
            />
            <TextInput type="date" label={t.statements.from} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
            <TextInput type="date" label={t.statements.to} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t.statements.order}
              </Text>
              <SegmentedControl
                data-testid="statement-order"
                value={filter.order}
                onChange={(value) => show({ order: value as Order })}
                data={[
                  { value: 'newest_first', label: t.statements.newestFirst },
                  { value: 'oldest_first', label: t.statements.oldestFirst },
                ]}
              />
            </Stack>
            <Button type="submit" variant="light">
              {t.statements.show}
            </Button>
            <Button variant="outline" onClick={() => download.mutate()} loading={download.isPending} data-testid="download-csv">
              {t.statements.downloadCsv}
            </Button>
          </Group>
        </form>
      </Card>
      {download.isError && <ErrorState error={download.error} />}
      <Card withBorder>
        <PagedTable
          paged={paged}
          empty={t.statements.empty}
          minWidth={720}
          testId="statement-table"
          head={
            <>
              <Table.Th>{t.common.created}</Table.Th>
              <Table.Th>{t.statements.movement}</Table.Th>
              <Table.Th>{t.common.reference}</Table.Th>
              <Table.Th ta="right">{t.statements.change}</Table.Th>
              <Table.Th ta="right">{t.statements.balance}</Table.Th>
              <Table.Th ta="right">{t.statements.pending}</Table.Th>
            </>
          }
        >
          {(row) => (
            <Table.Tr key={`${row.id}-${row.seq}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.created)}</Table.Td>
              <Table.Td>
                <Text size="sm">{t.movements[row.code] ?? row.code}</Text>
                <Text size="xs" c="dimmed">
                  {row.direction === 'credit' ? '+' : '−'} {formatRupiah(row.amount)} · {t.kinds[row.kind] ?? row.kind}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {row.reference}
                </Text>
                {row.external_id && (
                  <Text size="xs" c="dimmed">
                    {t.common.externalId}: {row.external_id}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} c={row.balance_change < 0 ? 'red' : row.balance_change > 0 ? 'green' : undefined}>
                {formatRupiah(row.balance_change)}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} fw={600}>
                {formatRupiah(row.running_balance)}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiah(row.pending_balance)}
              </Table.Td>
            </Table.Tr>
          )}
        </PagedTable>
      </Card>
    </Page>
  );
}

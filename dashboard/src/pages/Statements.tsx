import { Button, Card, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, contextHeaders, requestContext, unwrap } from '../api/client';
import { Page } from '../components/Page';
import { PagedTable, useCursorPages } from '../components/PagedTable';
import { ErrorState, NotAllowed } from '../components/states';
import { currentMonthPeriod, formatDateTime, formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';

type Wallet = 'income' | 'disburse';

/** Fetches the CSV with the session's headers (a plain link cannot send them) and saves it. */
async function downloadCsv(wallet: Wallet, from: string, to: string): Promise<void> {
  const query = new URLSearchParams({ wallet, format: 'csv', ...(from ? { from } : {}), ...(to ? { to } : {}) });
  const response = await fetch(`/api/v2/transactions?${query}`, { credentials: 'same-origin', headers: contextHeaders('GET') });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error_code?: string; message?: string };
    throw new ApiError(response.status, body.error_code ?? 'SERVER_ERROR', body.message ?? `Download failed (${response.status})`);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `palladium-${requestContext().environment}-${wallet}.csv`;
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
  const [params] = useSearchParams();
  const initial = currentMonthPeriod();
  const [wallet, setWallet] = useState<Wallet>(params.get('wallet') === 'disburse' ? 'disburse' : 'income');
  const [draft, setDraft] = useState(initial);
  const [period, setPeriod] = useState(initial);
  const key = useEnvKey('statement', wallet, period.from, period.to);
  const allowed = can('viewMovements');
  const paged = useCursorPages({
    queryKey: key,
    enabled: allowed,
    fetchPage: (cursor) =>
      unwrap(api.GET('/api/v2/transactions', { params: { query: { wallet, from: period.from || undefined, to: period.to || undefined, limit: 50, cursor } } })),
  });
  const download = useMutation({ mutationFn: () => downloadCsv(wallet, period.from, period.to) });
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
            setPeriod(draft);
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t.statements.wallet}
              </Text>
              <SegmentedControl
                value={wallet}
                onChange={(value) => setWallet(value as Wallet)}
                data={[
                  { value: 'income', label: t.home.income },
                  { value: 'disburse', label: t.home.disburse },
                ]}
              />
            </Stack>
            <TextInput type="date" label={t.statements.from} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
            <TextInput type="date" label={t.statements.to} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
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

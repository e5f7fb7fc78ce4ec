import { Alert, Button, Card, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ScrollTable } from '../../components/PagedTable';
import { ErrorState } from '../../components/states';
import { formatDateTime, formatRupiah, toBigInt } from '../../format';
import { ConsolePage } from '../ConsoleShell';
import { formatDuration } from '../operations/age';
import { Figure } from '../operations/common';

type LedgerCheck = Schemas['LedgerCheckDto'];

/** A check's answer and how long it took, as the operator waited for it (request included). */
interface CheckRun {
  report: LedgerCheck;
  startedAt: string;
  durationMs: number;
}

/** The balance figures the check recomputes, as operators read them. */
const FIELD_LABELS: Record<string, string> = {
  debitsPending: 'Debits pending',
  debitsPosted: 'Debits posted',
  creditsPending: 'Credits pending',
  creditsPosted: 'Credits posted',
  entries: 'Journal entries',
};

/**
 * Runs the ledger check: every account's balances recomputed from its transfers in one
 * snapshot. The last run stays on the page (and in the session's cache) until the next one.
 */
export function LedgerCheckPage() {
  const check = useQuery({
    queryKey: ['admin-ledger-check'],
    enabled: false,
    staleTime: Infinity,
    gcTime: 30 * 60_000,
    retry: false,
    queryFn: async (): Promise<CheckRun> => {
      const started = performance.now();
      const startedAt = new Date().toISOString();
      const report = await unwrap(api.GET('/admin/ledger/check'));
      return { report, startedAt, durationMs: performance.now() - started };
    },
  });
  const elapsed = useElapsed(check.isFetching);
  return (
    <ConsolePage
      title="Ledger check"
      lead="Recomputes every ledger account (merchant wallets, provider clearing, fees, payouts) from its transfers, in one consistent snapshot, and lists each figure that differs from what is stored. Expected: no differences. It reads every transfer, so on a large ledger it takes a while; it changes nothing."
      actions={
        <Button onClick={() => void check.refetch()} loading={check.isFetching} data-testid="run-ledger-check">
          Run ledger check
        </Button>
      }
    >
      {check.isFetching && (
        <Alert color="blue" data-testid="ledger-check-running">
          Checking every account against its transfers… {Math.floor(elapsed / 1000)} s
        </Alert>
      )}
      {check.isError && !check.isFetching && <ErrorState error={check.error} onRetry={() => void check.refetch()} />}
      {!check.data && !check.isFetching && !check.isError && (
        <Text c="dimmed" size="sm">
          Not run yet in this session.
        </Text>
      )}
      {check.data && <CheckResult run={check.data} />}
    </ConsolePage>
  );
}

/** Milliseconds since `running` became true, ticking every half second while it stays true. */
function useElapsed(running: boolean): number {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    if (!running) return;
    const start = Date.now();
    const timer = window.setInterval(() => setElapsed(Date.now() - start), 500);
    return () => {
      window.clearInterval(timer);
      setElapsed(0);
    };
  }, [running]);
  return elapsed;
}

function CheckResult({ run: { report, startedAt, durationMs } }: { run: CheckRun }) {
  return (
    <Card withBorder data-testid="ledger-check-result" data-ok={String(report.ok)}>
      <Stack gap="md">
        {report.ok ? (
          <Alert color="green" title="No differences" data-testid="ledger-check-verdict">
            Every account matches its transfers.
          </Alert>
        ) : (
          <Alert color="red" title={`${report.differences.length} ${report.differences.length === 1 ? 'difference' : 'differences'}`} data-testid="ledger-check-verdict">
            These stored figures do not match the transfers behind them. Do not correct them by hand: the transfers are the record; find what wrote the figure.
          </Alert>
        )}
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Figure label="Ran at" value={<Text fw={600}>{formatDateTime(startedAt)}</Text>} note={`Snapshot ${formatDateTime(report.checked_at)}`} />
          <Figure label="Took" value={formatDuration(durationMs)} testId="ledger-check-duration" />
          <Figure label="Accounts checked" value={report.accounts_checked.toLocaleString('en-US')} testId="ledger-check-accounts" />
          <Figure label="Transfers checked" value={report.transfers_checked.toLocaleString('en-US')} testId="ledger-check-transfers" />
        </SimpleGrid>
        {!report.ok && (
          <ScrollTable
            minWidth={760}
            testId="ledger-differences"
            head={
              <>
                <Table.Th>Account</Table.Th>
                <Table.Th>Figure</Table.Th>
                <Table.Th ta="right">Stored</Table.Th>
                <Table.Th ta="right">Recomputed</Table.Th>
                <Table.Th ta="right">Stored − recomputed</Table.Th>
              </>
            }
          >
            {report.differences.map((difference) => (
              <Table.Tr key={`${difference.account_id}-${difference.field}`}>
                <Table.Td>
                  <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {difference.account_code}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {difference.account_id}
                  </Text>
                </Table.Td>
                <Table.Td>{FIELD_LABELS[difference.field] ?? difference.field}</Table.Td>
                <Figures field={difference.field} stored={difference.stored} expected={difference.expected} />
              </Table.Tr>
            ))}
          </ScrollTable>
        )}
      </Stack>
    </Card>
  );
}

/** Stored, recomputed and the gap: rupiah for balances, plain counts for entries. */
function Figures({ field, stored, expected }: { field: string; stored: number | string; expected: number | string }) {
  const show = (value: bigint) => (field === 'entries' ? value.toString() : formatRupiah(value));
  const gap = toBigInt(stored) - toBigInt(expected);
  return (
    <>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {show(toBigInt(stored))}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {show(toBigInt(expected))}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" c="red" fw={600}>
          {show(gap)}
        </Text>
      </Table.Td>
    </>
  );
}

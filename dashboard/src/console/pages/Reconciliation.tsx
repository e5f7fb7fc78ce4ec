import { Anchor, Badge, Button, Code, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { BankAccountCells } from '../../components/NumberCells';
import { ScrollTable } from '../../components/PagedTable';
import { StatusBadge } from '../../components/StatusBadge';
import { TwoLineTimeCell } from '../../components/TwoLineTime';
import { ErrorState, Loading } from '../../components/states';
import { formatDateTime, formatRupiah } from '../../format';
import { ConsolePage } from '../ConsoleShell';
import { Figure, MerchantCell, SectionCard, useMerchantNames } from '../operations/common';
import { agrees, balanceDiffers, byProvider, type ProviderReconciliation, type ReconciliationReport } from '../operations/reconciliation';

const PERIODS = [
  { value: '1', label: 'Last 24 h' },
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
];
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Provider reconciliation: for each provider, our clearing balance (the ledger) against the
 * balance the provider reports, and every payout, payment and webhook of the period on which
 * the provider and Palladium disagree; a provider's line opens on the rows behind its counts.
 * The report asks the providers live, so it runs when the page opens and on "Check again".
 */
export function ReconciliationPage() {
  const [days, setDays] = useState('1');
  const report = useQuery({
    queryKey: ['admin-reconciliation', days],
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/admin/providers/reconciliation', { params: { query: { since: new Date(Date.now() - Number(days) * DAY_MS).toISOString() } } })),
  });
  return (
    <ConsolePage
      title="Reconciliation"
      lead="What each provider says against what our ledger says: the balance we hold there, then every payout, virtual-account payment and provider webhook of the period on which they disagree. Balances should agree to the rupiah; every other count should be zero."
      actions={
        <Group gap="sm">
          <SegmentedControl size="xs" aria-label="Period" value={days} onChange={setDays} data={PERIODS} />
          <Button variant="light" size="xs" loading={report.isFetching} onClick={() => void report.refetch()}>
            Check again
          </Button>
        </Group>
      }
    >
      {report.isPending && <Loading label="Asking the providers…" />}
      {report.isError && <ErrorState error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && <ReportView report={report.data} />}
    </ConsolePage>
  );
}

function ReportView({ report }: { report: ReconciliationReport }) {
  const providers = byProvider(report);
  const [open, setOpen] = useState<string | null>(null);
  const differing = providers.filter((line) => balanceDiffers(line.balance)).length;
  const unmatched = report.provider_events.filter((event) => event.outcome === 'unmatched').length;
  const conflicts = report.provider_events.length - unmatched;
  const disagreements = report.disbursements.length + report.payments.length;
  const attention = (count: number) => (count > 0 ? 'red' : 'teal');
  return (
    <>
      <Text size="sm" c="dimmed" data-testid="reconciliation-generated">
        Checked {formatDateTime(report.generated_at)} · payouts, payments and webhooks since {formatDateTime(report.since)}
      </Text>
      <SectionCard title="Summary" testId="reconciliation-summary">
        <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }}>
          <Figure label="Balances that differ" value={differing} color={attention(differing)} testId="summary-balance-differences" note={`of ${report.balances.length} providers`} />
          <Figure label="Disagreements" value={disagreements} color={attention(disagreements)} testId="summary-disagreements" note="payout statuses and payment amounts" />
          <Figure label="Unmatched webhooks" value={unmatched} color={attention(unmatched)} testId="summary-unmatched" note="fit none of our records" />
          <Figure label="Conflicting webhooks" value={conflicts} color={attention(conflicts)} testId="summary-conflicts" note="contradict our records" />
          <Figure
            label="Payouts in doubt"
            value={report.payouts_in_doubt.length}
            color={attention(report.payouts_in_doubt.length)}
            testId="summary-in-doubt"
            note={
              <Anchor component={Link} to="/payouts-in-doubt" size="xs">
                Resolve them
              </Anchor>
            }
          />
        </SimpleGrid>
      </SectionCard>
      <SectionCard title="Per provider">
        {providers.length === 0 ? (
          <Text size="sm" c="dimmed">
            No provider is configured: there is nothing to reconcile (sandbox only).
          </Text>
        ) : (
          <ScrollTable
            minWidth={880}
            testId="reconciliation-providers"
            striped={false}
            head={
              <>
                <Table.Th>Provider</Table.Th>
                <Table.Th ta="right">Our clearing balance</Table.Th>
                <Table.Th ta="right">Provider reports</Table.Th>
                <Table.Th ta="right">Difference</Table.Th>
                <Table.Th ta="right">Disagreements</Table.Th>
                <Table.Th ta="right">Unmatched</Table.Th>
                <Table.Th ta="right">Conflicts</Table.Th>
                <Table.Th ta="right">In doubt</Table.Th>
                <Table.Th />
              </>
            }
          >
            {providers.map((line) => (
              <Fragment key={line.provider}>
                <ProviderRow line={line} open={open === line.provider} onToggle={() => setOpen(open === line.provider ? null : line.provider)} />
                {open === line.provider && (
                  <Table.Tr>
                    <Table.Td colSpan={9} bg="gray.0">
                      <ProviderDetails line={line} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </ScrollTable>
        )}
        <Text size="xs" c="dimmed">
          Our clearing balance is what the ledger says we hold at the provider: payments received there, minus payouts paid through it, plus the funding operators recorded.
          Difference = what the provider reports − ours. A difference usually means a movement one side has and the other does not: look at the rows of the provider, and at funding
          not recorded yet.
        </Text>
      </SectionCard>
    </>
  );
}

function Count({ value }: { value: number }) {
  return (
    <Table.Td ta="right">
      <Text size="sm" c={value > 0 ? 'red' : 'dimmed'} fw={value > 0 ? 700 : 400}>
        {value}
      </Text>
    </Table.Td>
  );
}

function ProviderRow({ line, open, onToggle }: { line: ProviderReconciliation; open: boolean; onToggle: () => void }) {
  const { balance } = line;
  const ok = agrees(line);
  return (
    <Table.Tr data-testid={`provider-${line.provider}`} data-agrees={String(ok)}>
      <Table.Td>
        <Text size="sm" fw={600} tt="capitalize">
          {line.provider}
        </Text>
        <Badge size="xs" variant="light" color={ok ? 'teal' : 'red'} style={{ overflow: 'visible' }}>
          {ok ? 'Agrees' : 'To look into'}
        </Badge>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {balance ? formatRupiah(balance.ledger_balance) : '—'}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {balance ? formatRupiah(balance.reported_balance) : '—'}
        {balance?.error && (
          <Text size="xs" c="red" maw={220} ml="auto">
            Could not ask: {balance.error}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid={`provider-difference-${line.provider}`}>
        {balance && balance.difference !== null ? (
          <Text size="sm" fw={700} c={balanceDiffers(balance) ? 'red' : 'teal'}>
            {balanceDiffers(balance) && BigInt(balance.difference) > 0n ? '+' : ''}
            {formatRupiah(balance.difference)}
          </Text>
        ) : (
          '—'
        )}
      </Table.Td>
      <Count value={line.disbursements.length + line.payments.length} />
      <Count value={line.unmatched.length} />
      <Count value={line.conflicts.length} />
      <Count value={line.inDoubt.length} />
      <Table.Td ta="right">
        <Button size="compact-xs" variant="subtle" onClick={onToggle} aria-expanded={open}>
          {open ? 'Hide rows' : 'Show rows'}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** The rows behind a provider's counts, one table each (an empty one says so). */
function ProviderDetails({ line }: { line: ProviderReconciliation }) {
  const { nameOf } = useMerchantNames();
  return (
    <Stack gap="md" py="xs" data-testid={`provider-details-${line.provider}`}>
      <DetailTable
        title="Payout statuses that disagree"
        testId="payout-disagreements"
        rows={line.disbursements}
        head={['Disbursement', 'Ours', 'Provider says', 'Provider code']}
        row={(row) => (
          <Table.Tr key={row.disbursement_id}>
            <Table.Td>
              <Code>{row.disbursement_id}</Code>
            </Table.Td>
            <Table.Td>
              <StatusBadge status={row.ours} />
            </Table.Td>
            <Table.Td>{row.theirs === 'not_found' ? <Badge color="red">Not found</Badge> : <StatusBadge status={row.theirs} />}</Table.Td>
            <Table.Td>
              <Code>{row.provider_response_code ?? '—'}</Code>
            </Table.Td>
          </Table.Tr>
        )}
      />
      <DetailTable
        title="Virtual-account payments that disagree"
        testId="payment-disagreements"
        rows={line.payments}
        head={['Payment', 'Provider payment id', 'Ours', 'Provider has']}
        row={(row) => (
          <Table.Tr key={row.payment_id}>
            <Table.Td>
              <Code>{row.payment_id}</Code>
            </Table.Td>
            <Table.Td>
              <Code>{row.provider_payment_id}</Code>
            </Table.Td>
            <Table.Td>{formatRupiah(row.ours)}</Table.Td>
            <Table.Td>{row.theirs === null ? <Text c="red">Unknown to the provider</Text> : formatRupiah(row.theirs)}</Table.Td>
          </Table.Tr>
        )}
      />
      {[
        { title: 'Unmatched webhooks', testId: 'unmatched-webhooks', rows: line.unmatched },
        { title: 'Conflicting webhooks', testId: 'conflicting-webhooks', rows: line.conflicts },
      ].map((table) => (
        <DetailTable
          key={table.testId}
          title={table.title}
          testId={table.testId}
          rows={table.rows}
          head={['Received', 'Event', 'Event id', 'What did not fit']}
          row={(row) => (
            <Table.Tr key={row.event_id}>
              <TwoLineTimeCell value={row.received_at} />
              <Table.Td>
                <Code>{row.event_type}</Code>
              </Table.Td>
              <Table.Td>
                <Code style={{ wordBreak: 'break-all' }}>{row.event_id}</Code>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{row.detail ?? '—'}</Text>
              </Table.Td>
            </Table.Tr>
          )}
        />
      ))}
      <DetailTable
        title="Payouts in doubt"
        testId="payouts-in-doubt"
        rows={line.inDoubt}
        head={['Disbursement', 'Merchant', 'Amount', 'Bank', 'Account', 'Sent', 'Checks']}
        row={(row) => (
          <Table.Tr key={row.disbursement_id}>
            <Table.Td>
              <Code>{row.disbursement_id}</Code>
              <Text size="xs" c="dimmed">
                {row.provider_reference ?? 'no provider reference'}
              </Text>
            </Table.Td>
            <Table.Td>
              <MerchantCell merchantId={row.merchant_id} name={nameOf(row.merchant_id)} />
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatRupiah(row.amount)}</Table.Td>
            <BankAccountCells account={{ bank_code: row.bank_code, account_number: row.account_number, account_name: '' }} />
            <TwoLineTimeCell value={row.submitted_at} />
            <Table.Td>{row.status_checks}</Table.Td>
          </Table.Tr>
        )}
        footer={
          line.inDoubt.length > 0 && (
            <Anchor component={Link} to="/payouts-in-doubt" size="sm">
              Resolve them on Payouts in doubt
            </Anchor>
          )
        }
      />
    </Stack>
  );
}

function DetailTable<T>({ title, testId, rows, head, row, footer }: { title: string; testId: string; rows: T[]; head: string[]; row: (row: T) => ReactNode; footer?: ReactNode }) {
  return (
    <Stack gap={4} data-testid={testId} data-count={rows.length}>
      <Title order={6}>
        {title} ({rows.length})
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          None.
        </Text>
      ) : (
        <ScrollTable minWidth={700} testId={`${testId}-table`} head={head.map((label) => <Table.Th key={label}>{label}</Table.Th>)}>
          {rows.map(row)}
        </ScrollTable>
      )}
      {footer}
    </Stack>
  );
}

import { Alert, Anchor, Button, Card, Group, Progress, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, unwrap, type Environment } from '../../api/client';
import { FactList } from '../../components/Facts';
import { StatusBadge } from '../../components/StatusBadge';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { TwoLineTimeCell } from '../../components/TwoLineTime';
import { formatDateTime, formatRupiah, jakartaDate } from '../../format';
import { ConsolePage } from '../ConsoleShell';
import { ConsoleTable } from '../ConsoleTable';
import { EvidenceForm } from '../money/EvidenceForm';
import { useConsoleSession } from '../session';

/** Yesterday in Jakarta: the usual date to look at or run by hand. */
function yesterday(): string {
  return jakartaDate(new Date(Date.now() - 86_400_000));
}

/** Settlement runs by business date, and running a date by hand (four eyes in production). */
export function SettlementPage() {
  const [environment, setEnvironment] = useState<Environment>('production');
  const runs = useQuery({
    queryKey: ['settlement-runs', environment],
    queryFn: () => unwrap(api.GET('/admin/settlement-runs', { params: { query: { environment } } })),
    refetchInterval: (query) => (query.state.data?.some((run) => run.status === 'running') ? 2_000 : false),
  });
  return (
    <ConsolePage
      title="Settlement"
      lead="Every day at 14:00 Jakarta time, payments received before the cutoff move from pending to the merchants' income wallets, exactly once per date. Run a date by hand when the scheduled run did not happen."
      actions={
        <SegmentedControl
          value={environment}
          onChange={(value) => setEnvironment(value as Environment)}
          data={[
            { value: 'production', label: 'Production' },
            { value: 'development', label: 'Development' },
          ]}
        />
      }
    >
      <RunDate environment={environment} />
      {runs.isPending ? (
        <Loading />
      ) : runs.error ? (
        <ErrorState error={runs.error} />
      ) : !runs.data.length ? (
        <EmptyState>No settlement runs in {environment} yet.</EmptyState>
      ) : (
        <ConsoleTable columns={['Business date', 'Status', 'Trigger', { label: 'Payments', right: true }, { label: 'Total', right: true }, 'Started', 'Completed']} testId="settlement-runs">
          {runs.data.map((run) => (
            <Table.Tr key={run.id}>
              <Table.Td>
                <Anchor component={Link} to={`/settlement/${run.id}`}>
                  {run.business_date}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={run.status} />
              </Table.Td>
              <Table.Td>{run.trigger}</Table.Td>
              <Table.Td ta="right">{run.payments_count}</Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatRupiah(run.total_amount)}
              </Table.Td>
              <TwoLineTimeCell value={run.started_at} />
              <TwoLineTimeCell value={run.completed_at} />
            </Table.Tr>
          ))}
        </ConsoleTable>
      )}
    </ConsolePage>
  );
}

/** Pick a date, see what it would settle, run it (or prepare it for a second approver). */
function RunDate({ environment }: { environment: Environment }) {
  const { can } = useConsoleSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [date, setDate] = useState(yesterday);
  const due = useQuery({
    queryKey: ['settlement-due', environment, date],
    queryFn: () => unwrap(api.GET('/admin/settlement-runs/due', { params: { query: { date, environment } } })),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(date),
    retry: false,
  });
  const run = useMutation({
    mutationFn: () => unwrap(api.POST('/admin/settlement-runs', { body: { date, environment } })),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('settlement') });
      void navigate(`/settlement/${result.id}`);
    },
  });
  const prepare = useMutation({
    mutationFn: (evidence: { reference: string; note?: string }) => unwrap(api.POST('/admin/settlement-runs/prepare', { body: { date, environment, ...evidence } })),
    onSuccess: (approval) => void navigate(`/approvals/${approval.id}`),
  });
  const needsFourEyes = run.error instanceof ApiError && run.error.code === 'FOUR_EYES_REQUIRED_ERROR';
  return (
    <Card withBorder data-testid="run-date">
      <Stack gap="sm">
        <Group align="flex-end">
          <TextInput label="Business date" description="YYYY-MM-DD; its 14:00 cutoff must have passed" value={date} onChange={(e) => setDate(e.currentTarget.value)} w={240} />
          {due.data && (
            <Text size="sm" data-testid="settlement-due">
              Due now: <b>{due.data.payments_count}</b> payments, <b>{formatRupiah(due.data.total_amount)}</b> (received before {formatDateTime(due.data.cutoff_at)})
              {due.data.run && (
                <>
                  {' '}
                  · run{' '}
                  <Anchor component={Link} to={`/settlement/${due.data.run.id}`}>
                    {due.data.run.status}
                  </Anchor>
                </>
              )}
            </Text>
          )}
        </Group>
        {due.error && <ErrorState error={due.error} />}
        {can('operator') && !needsFourEyes && (
          <Group>
            <Button onClick={() => run.mutate()} loading={run.isPending} disabled={!due.data}>
              Run settlement for {date}
            </Button>
          </Group>
        )}
        {run.error && !needsFourEyes && <ErrorState error={run.error} />}
        {needsFourEyes && (
          <Stack gap="xs">
            <Alert color="violet">This moves production money: prepare it with your reason, and a different approver approves it.</Alert>
            <EvidenceForm referenceLabel="Reference (incident or ticket)" submitLabel="Prepare the run" submitting={prepare.isPending} error={prepare.error} onSubmit={(e) => prepare.mutate(e)} />
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** One run: its per-merchant totals, its progress while it runs, and the report to download. */
export function SettlementRunPage() {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: ['settlement-run', id],
    queryFn: () => unwrap(api.GET('/admin/settlement-runs/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1_000 : false),
  });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorState error={query.error} />;
  const run = query.data;
  const settled = run.payments_count;
  const total = settled + run.pending.payments_count;
  return (
    <ConsolePage
      title={`Settlement of ${run.business_date}`}
      lead={`${run.environment} · cutoff ${formatDateTime(run.cutoff_at)}`}
      actions={
        <Group gap="xs">
          <Button component="a" href={`/admin/settlement-runs/${run.id}/report.csv`} variant="light" data-testid="settlement-report">
            Download per-merchant CSV
          </Button>
          <Button component="a" href={`/admin/settlement-runs/${run.id}/report.csv?detail=payments`} variant="default" data-testid="settlement-payments-report">
            Download per-payment CSV
          </Button>
        </Group>
      }
    >
      <Card withBorder>
        <Stack gap="sm">
          <FactList
            facts={[
              { label: 'Status', value: <StatusBadge status={run.status} />, testId: 'run-status' },
              { label: 'Trigger', value: run.trigger },
              { label: 'Payments settled', value: String(settled), testId: 'run-payments' },
              { label: 'Total settled', value: formatRupiah(run.total_amount), testId: 'run-total' },
              { label: 'Started', value: formatDateTime(run.started_at) },
              { label: 'Completed', value: run.completed_at ? formatDateTime(run.completed_at) : '—' },
            ]}
          />
          {run.status === 'running' && (
            <Stack gap={4} data-testid="run-progress">
              <Progress value={total ? (100 * settled) / total : 0} animated />
              <Text size="xs" c="dimmed">
                {settled} of {total} payments settled
              </Text>
            </Stack>
          )}
          {run.status === 'completed' && run.pending.payments_count > 0 && (
            <Alert color="yellow">
              {run.pending.payments_count} payments ({formatRupiah(run.pending.total_amount)}) received before this cutoff arrived after the run; they settle with the next date.
            </Alert>
          )}
        </Stack>
      </Card>
      <ConsoleTable columns={['Merchant', { label: 'Payments', right: true }, { label: 'Settled to income wallet', right: true }]} testId="run-merchants">
        {run.merchants.map((merchant) => (
          <Table.Tr key={merchant.merchant_id} data-testid={`run-merchant-${merchant.merchant_id}`}>
            <Table.Td>
              <Anchor component={Link} to={`/merchants/${merchant.merchant_id}`}>
                {merchant.merchant_name || merchant.merchant_id}
              </Anchor>
            </Table.Td>
            <Table.Td ta="right">{merchant.payments_count}</Table.Td>
            <Table.Td ta="right" ff="monospace">
              {formatRupiah(merchant.total_amount)}
            </Table.Td>
          </Table.Tr>
        ))}
      </ConsoleTable>
    </ConsolePage>
  );
}

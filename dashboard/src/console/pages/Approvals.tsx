import { Alert, Anchor, Badge, Button, Card, Code, Group, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { FactList } from '../../components/Facts';
import { StatusBadge } from '../../components/StatusBadge';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { TwoLineTimeCell } from '../../components/TwoLineTime';
import { formatDateTime, formatRupiah } from '../../format';
import { ConsolePage } from '../ConsoleShell';
import { ConsoleTable } from '../ConsoleTable';
import { ACTION_LABELS, type Approval, approvalsApi } from '../money/approvals';
import { useConsoleSession } from '../session';

/** The approvers' queue: money actions another operator prepared, with their evidence. */
export function ApprovalsPage() {
  const [status, setStatus] = useState<Approval['status'] | 'all'>('pending');
  const query = useQuery({ queryKey: ['approvals', status], queryFn: () => approvalsApi.list(status === 'all' ? undefined : status), refetchInterval: 10_000 });
  return (
    <ConsolePage
      title="Approvals"
      lead="Four eyes: a money action prepared by one operator is carried out only when a different approver approves it. Check the evidence against the bank statement or the provider first."
      actions={
        <SegmentedControl
          value={status}
          onChange={(value) => setStatus(value as typeof status)}
          data={[
            { value: 'pending', label: 'Waiting' },
            { value: 'approved', label: 'Approved' },
            { value: 'rejected', label: 'Rejected' },
            { value: 'all', label: 'All' },
          ]}
        />
      }
    >
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data.length ? (
        <EmptyState>{status === 'pending' ? 'Nothing waits for an approver.' : 'No approvals.'}</EmptyState>
      ) : (
        <ConsoleTable columns={['Action', { label: 'Amount', right: true }, 'Evidence', 'Prepared by', 'Prepared', 'Status']} minWidth={900} testId="approvals-table">
          {query.data.map((approval) => (
            <Table.Tr key={approval.id} data-testid={`approval-${approval.subject_id}`}>
              <Table.Td>
                <Anchor component={Link} to={`/approvals/${approval.id}`}>
                  {ACTION_LABELS[approval.action]}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {approval.environment} · {approval.subject_id}
                </Text>
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatRupiah(approval.amount)}
              </Table.Td>
              <Table.Td>{approval.evidence.reference}</Table.Td>
              <Table.Td>{approval.prepared_by}</Table.Td>
              <TwoLineTimeCell value={approval.prepared_at} />
              <Table.Td>
                <StatusBadge status={approval.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </ConsoleTable>
      )}
    </ConsolePage>
  );
}

/** Where the approval's subject is shown in the console. */
function subjectLink(approval: Approval): string | null {
  if (approval.action === 'top_up.approve') return '/top-ups';
  if (approval.action.startsWith('withdrawal.')) return '/withdrawals';
  if (approval.action === 'payout.resolve') return '/payouts-in-doubt';
  if (approval.action === 'settlement.run') return '/settlement';
  return '/reconciliation';
}

/** One approval: what was prepared, by whom, with what evidence; an approver decides it here. */
export function ApprovalPage() {
  const { id = '' } = useParams();
  const { can, session } = useConsoleSession();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['approval', id], queryFn: () => approvalsApi.get(id) });
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') => (decision === 'approve' ? approvalsApi.approve(id, note || undefined) : approvalsApi.reject(id, note)),
    onSuccess: (decided) => {
      queryClient.setQueryData(['approval', id], decided.approval);
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' && q.queryKey[0] !== 'approval' });
    },
  });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorState error={query.error} />;
  const approval = query.data;
  const link = subjectLink(approval);
  return (
    <ConsolePage title={ACTION_LABELS[approval.action]} lead={<>Approval {approval.id}</>}>
      <Card withBorder>
        <FactList
          testId="approval-facts"
          facts={[
            { label: 'Status', value: <StatusBadge status={approval.status} />, testId: 'approval-status' },
            { label: 'Amount', value: <Text ff="monospace">{formatRupiah(approval.amount)}</Text> },
            { label: 'Environment', value: <Badge color={approval.environment === 'production' ? 'red' : 'orange'}>{approval.environment}</Badge> },
            { label: 'Subject', value: link ? <Anchor component={Link} to={link}>{approval.subject_id}</Anchor> : approval.subject_id },
            ...(approval.merchant_id ? [{ label: 'Merchant', value: <Anchor component={Link} to={`/merchants/${approval.merchant_id}`}>{approval.merchant_id}</Anchor> }] : []),
            { label: 'Evidence: reference', value: <Code>{approval.evidence.reference}</Code>, testId: 'approval-reference' },
            { label: 'Evidence: note', value: approval.evidence.note ?? '—' },
            ...Object.entries(approval.parameters).map(([key, value]) => ({ label: key.replace(/_/g, ' '), value: String(value) })),
            { label: 'Prepared by', value: `${approval.prepared_by}, ${formatDateTime(approval.prepared_at)}`, testId: 'approval-prepared-by' },
            {
              label: 'Decided by',
              value: approval.decided_by ? `${approval.decided_by}, ${formatDateTime(approval.decided_at)}${approval.decision_note ? ` — “${approval.decision_note}”` : ''}` : '—',
              testId: 'approval-decided-by',
            },
          ]}
        />
      </Card>
      {approval.status === 'pending' &&
        (can('approver') ? (
          <Card withBorder>
            <Stack gap="sm">
              <Text fw={600}>Your decision</Text>
              {approval.prepared_by.startsWith(`${session?.operator.name} (`) && (
                <Alert color="yellow">You prepared this: a different approver must decide it (the server refuses yours).</Alert>
              )}
              <Textarea label="Note (required to reject)" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
              {decide.error && <ErrorState error={decide.error} />}
              <Group>
                <Button color="green" loading={decide.isPending && decide.variables === 'approve'} onClick={() => decide.mutate('approve')}>
                  Approve and carry out
                </Button>
                <Button color="red" variant="light" loading={decide.isPending && decide.variables === 'reject'} onClick={() => decide.mutate('reject')}>
                  Reject
                </Button>
              </Group>
            </Stack>
          </Card>
        ) : (
          <Alert color="gray" data-testid="not-allowed">
            Waiting for an approver. Your role ({session?.operator.role}) cannot decide approvals.
          </Alert>
        ))}
      {decide.isSuccess && decide.data.approval.status === 'approved' && (
        <Alert color="green" data-testid="approval-carried-out">
          Approved and carried out.
        </Alert>
      )}
    </ConsolePage>
  );
}

import { Anchor, Button, Card, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { StatusBadge } from '../../components/StatusBadge';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { TwoLineTimeCell } from '../../components/TwoLineTime';
import { formatRupiah } from '../../format';
import { ConsolePage } from '../ConsoleShell';
import { ConsoleTable } from '../ConsoleTable';
import { approvalsApi, openApprovalsBySubject } from '../money/approvals';
import { WaitingApproval } from '../money/ApprovalLink';
import { EvidenceForm } from '../money/EvidenceForm';
import { useConsoleSession } from '../session';

type TopUp = Schemas['AdminTopUpDto'];
type Status = TopUp['status'];

/**
 * Declared top-ups of every merchant, pending first: check the merchant's transfer on our
 * bank statement, then approve (development), or prepare the approval with the bank's
 * reference for a second approver (production), or reject it.
 */
export function TopUpsPage() {
  const [status, setStatus] = useState<Status | 'all'>('pending');
  const [selected, setSelected] = useState<string | null>(null);
  const { can } = useConsoleSession();
  const query = useQuery({
    queryKey: ['top-ups', status],
    queryFn: () => unwrap(api.GET('/admin/top-ups', { params: { query: { status: status === 'all' ? undefined : status, limit: 100 } } })),
  });
  const approvals = useQuery({ queryKey: ['approvals', 'pending'], queryFn: () => approvalsApi.list('pending') });
  const open = openApprovalsBySubject(approvals.data);
  const chosen = query.data?.data.find((topUp) => topUp.id === selected);
  return (
    <ConsolePage
      title="Top-ups"
      lead="Merchants declare the transfers they made into our top-up bank accounts; each raises their disburse wallet once approved. Match the declared reference and amount with the bank statement."
      actions={
        <SegmentedControl
          value={status}
          onChange={(value) => setStatus(value as typeof status)}
          data={['pending', 'approved', 'rejected', 'reversed', 'all'].map((value) => ({ value, label: value[0].toUpperCase() + value.slice(1) }))}
        />
      }
    >
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data.data.length ? (
        <EmptyState>No {status === 'all' ? '' : status} top-ups.</EmptyState>
      ) : (
        <ConsoleTable columns={['Merchant', { label: 'Amount', right: true }, 'Declared reference', 'Declared', 'Status', '']} minWidth={860} testId="top-ups-table">
          {query.data.data.map((topUp) => (
            <Table.Tr key={topUp.id} data-testid={`top-up-${topUp.id}`} bg={topUp.id === selected ? 'indigo.0' : undefined}>
              <Table.Td>
                <Anchor component={Link} to={`/merchants/${topUp.merchant_id}`} size="sm">
                  {topUp.merchant_id.slice(0, 8)}…
                </Anchor>
                <Text size="xs" c={topUp.environment === 'production' ? 'red' : 'orange'}>
                  {topUp.environment}
                </Text>
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatRupiah(topUp.amount)}
              </Table.Td>
              <Table.Td ff="monospace">{topUp.transfer_reference}</Table.Td>
              <TwoLineTimeCell value={topUp.created} />
              <Table.Td>
                <Stack gap={4}>
                  <StatusBadge status={topUp.status} />
                  {open.get(topUp.id) && <WaitingApproval approval={open.get(topUp.id)!} />}
                  {topUp.reason && (
                    <Text size="xs" c="dimmed">
                      {topUp.reason}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                {topUp.status === 'pending' && !open.get(topUp.id) && can('operator') && (
                  <Button size="xs" variant="light" onClick={() => setSelected(topUp.id === selected ? null : topUp.id)}>
                    Decide
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </ConsoleTable>
      )}
      {chosen && <TopUpDecision key={chosen.id} topUp={chosen} onDone={() => setSelected(null)} />}
    </ConsolePage>
  );
}

function TopUpDecision({ topUp, onDone }: { topUp: TopUp; onDone(): void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const refresh = () => void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'top-ups' || q.queryKey[0] === 'approvals' });
  const path = { params: { path: { id: topUp.id } } };
  const prepare = useMutation({
    mutationFn: (evidence: { reference: string; note?: string }) => unwrap(api.POST('/admin/top-ups/{id}/prepare-approval', { ...path, body: evidence })),
    onSuccess: (approval) => {
      refresh();
      void navigate(`/approvals/${approval.id}`);
    },
  });
  const approve = useMutation({ mutationFn: () => unwrap(api.POST('/admin/top-ups/{id}/approve', path)), onSuccess: () => (refresh(), onDone()) });
  const reject = useMutation({ mutationFn: () => unwrap(api.POST('/admin/top-ups/{id}/reject', { ...path, body: { reason } })), onSuccess: () => (refresh(), onDone()) });
  return (
    <Card withBorder data-testid="top-up-decision">
      <Stack gap="md">
        <Text fw={600}>
          {formatRupiah(topUp.amount)} declared as “{topUp.transfer_reference}” ({topUp.environment})
        </Text>
        {topUp.environment === 'production' ? (
          <EvidenceForm
            referenceLabel="Bank reference of the transfer on our statement"
            referenceDefault={topUp.transfer_reference}
            submitLabel="Prepare approval"
            submitting={prepare.isPending}
            error={prepare.error}
            onSubmit={(evidence) => prepare.mutate(evidence)}
          />
        ) : (
          <Group>
            <Button color="green" loading={approve.isPending} onClick={() => approve.mutate()}>
              Approve (development)
            </Button>
            {approve.error && <ErrorState error={approve.error} />}
          </Group>
        )}
        <Group align="flex-end">
          <TextInput label="Reason to reject" placeholder="Not on the statement" value={reason} onChange={(e) => setReason(e.currentTarget.value)} w={320} />
          <Button color="red" variant="light" disabled={!reason.trim()} loading={reject.isPending} onClick={() => reject.mutate()}>
            Reject
          </Button>
        </Group>
        {reject.error && <ErrorState error={reject.error} />}
      </Stack>
    </Card>
  );
}

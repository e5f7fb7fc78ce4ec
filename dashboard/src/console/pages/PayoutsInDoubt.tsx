import { Alert, Anchor, Button, Card, Code, Group, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { TwoLineTimeCell } from '../../components/TwoLineTime';
import { failureExplanation } from '../../disbursements/FailureExplanation';
import { formatRupiah } from '../../format';
import { ConsolePage } from '../ConsoleShell';
import { ConsoleTable } from '../ConsoleTable';
import { approvalsApi, openApprovalsBySubject } from '../money/approvals';
import { WaitingApproval } from '../money/ApprovalLink';
import { EvidenceForm } from '../money/EvidenceForm';
import { useConsoleSession } from '../session';

type PayoutInDoubt = Schemas['PayoutInDoubtDto'];
type Verdict = Schemas['PreparePayoutResolutionDto'];
type FailureCode = NonNullable<Verdict['failure_code']>;

const FAILURE_CODES: FailureCode[] = [
  'INVALID_DESTINATION',
  'REJECTED_BY_BANK',
  'INSUFFICIENT_BALANCE',
  'TRANSFER_ERROR',
  'TEMPORARY_TRANSFER_ERROR',
  'TEMPORARY_BANK_NETWORK_ERROR',
  'SWITCHING_NETWORK_ERROR',
  'UNKNOWN_BANK_NETWORK_ERROR',
];

/**
 * Production payouts that may have reached a provider and have no outcome: never sent again
 * anywhere. Ask the provider (its answers are listed per attempt), then prepare the verdict
 * it confirmed; a second approver approves it and the money moves once.
 */
export function PayoutsInDoubtPage() {
  const [selected, setSelected] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['payouts-in-doubt'],
    queryFn: () => unwrap(api.GET('/admin/disbursements/in-doubt', { params: { query: { older_than_seconds: 0 } } })),
    refetchInterval: 15_000,
  });
  const approvals = useQuery({ queryKey: ['approvals', 'pending'], queryFn: () => approvalsApi.list('pending') });
  const open = openApprovalsBySubject(approvals.data);
  const chosen = query.data?.find((payout) => payout.disbursement_id === selected);
  return (
    <ConsolePage
      title="Payouts in doubt"
      lead="A payout whose provider did not answer clearly is never resent: confirm its outcome with the provider, then record it here (two operators). Failed returns the money to the merchant's disburse wallet."
    >
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorState error={query.error} />
      ) : !query.data.length ? (
        <EmptyState>No payouts in doubt.</EmptyState>
      ) : (
        <ConsoleTable columns={['Disbursement', 'Provider', { label: 'Amount', right: true }, 'Destination', 'Sent', { label: 'Status checks', right: true }, '']} minWidth={900} testId="payouts-in-doubt">
          {query.data.map((payout) => (
            <Table.Tr key={payout.disbursement_id} data-testid={`in-doubt-${payout.disbursement_id}`} bg={payout.disbursement_id === selected ? 'indigo.0' : undefined}>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {payout.disbursement_id}
                </Text>
                <Anchor component={Link} to={`/merchants/${payout.merchant_id}`} size="xs">
                  merchant {payout.merchant_id.slice(0, 8)}…
                </Anchor>
              </Table.Td>
              <Table.Td>
                {payout.provider}
                <Text size="xs" c="dimmed">
                  {payout.provider_reference ?? 'no reference'}
                </Text>
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatRupiah(payout.amount)}
              </Table.Td>
              <Table.Td>
                {payout.bank_code} {payout.account_number}
              </Table.Td>
              <TwoLineTimeCell value={payout.submitted_at} />
              <Table.Td ta="right">{payout.status_checks}</Table.Td>
              <Table.Td>
                {open.get(payout.disbursement_id) ? (
                  <WaitingApproval approval={open.get(payout.disbursement_id)!} />
                ) : (
                  <Button size="xs" variant="light" onClick={() => setSelected(payout.disbursement_id === selected ? null : payout.disbursement_id)}>
                    Investigate
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </ConsoleTable>
      )}
      {chosen && <Investigation key={chosen.disbursement_id} payout={chosen} />}
    </ConsolePage>
  );
}

/** A payout's provider calls and answers, and the verdict form. */
function Investigation({ payout }: { payout: PayoutInDoubt }) {
  const { can } = useConsoleSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const id = payout.disbursement_id;
  const attempts = useQuery({ queryKey: ['attempts', id], queryFn: () => unwrap(api.GET('/admin/disbursements/{id}/attempts', { params: { path: { id } } })) });
  const [status, setStatus] = useState<Verdict['status']>('failed');
  const [failureCode, setFailureCode] = useState<FailureCode>('TRANSFER_ERROR');
  const [reason, setReason] = useState('');
  const prepare = useMutation({
    mutationFn: (evidence: { reference: string; note?: string }) =>
      unwrap(
        api.POST('/admin/disbursements/{id}/prepare-resolution', {
          params: { path: { id } },
          body: { ...evidence, status, reason, ...(status === 'failed' ? { failure_code: failureCode } : {}) },
        }),
      ),
    onSuccess: (approval) => {
      void queryClient.invalidateQueries({ queryKey: ['approvals'] });
      void navigate(`/approvals/${approval.id}`);
    },
  });
  return (
    <Card withBorder data-testid="investigation">
      <Stack gap="md">
        <Text fw={600}>Provider calls for {id}</Text>
        {attempts.isPending ? (
          <Loading />
        ) : attempts.error ? (
          <ErrorState error={attempts.error} />
        ) : (
          <ConsoleTable columns={['When', 'Call', 'HTTP', 'Provider answer', 'Outcome', { label: 'ms', right: true }]} testId="attempts" framed={false}>
            {attempts.data.map((attempt, index) => (
              <Table.Tr key={index}>
                <TwoLineTimeCell value={attempt.created_at} />
                <Table.Td>
                  {attempt.provider} {attempt.operation}
                </Table.Td>
                <Table.Td>{attempt.http_status ?? '—'}</Table.Td>
                <Table.Td>
                  <Code>{attempt.response_code ?? attempt.error ?? '—'}</Code>
                </Table.Td>
                <Table.Td>{attempt.outcome}</Table.Td>
                <Table.Td ta="right">{attempt.duration_ms}</Table.Td>
              </Table.Tr>
            ))}
          </ConsoleTable>
        )}
        {can('operator') ? (
          <EvidenceForm
            referenceLabel="Provider's confirmation (ticket or reference)"
            submitLabel="Prepare resolution"
            submitting={prepare.isPending}
            error={prepare.error}
            onSubmit={(evidence) => prepare.mutate(evidence)}
            extra={
              <>
                <Group grow>
                  <Select
                    label="The provider confirms"
                    data={[
                      { value: 'failed', label: 'Failed: no money left the float (return it to the merchant)' },
                      { value: 'done', label: 'Done: the money reached the account' },
                    ]}
                    value={status}
                    onChange={(value) => setStatus((value ?? 'failed') as Verdict['status'])}
                    allowDeselect={false}
                  />
                  {status === 'failed' && (
                    <Select
                      label="Failure code for the merchant"
                      data={FAILURE_CODES.map((code) => ({ value: code, label: code }))}
                      value={failureCode}
                      onChange={(value) => setFailureCode((value ?? 'TRANSFER_ERROR') as FailureCode)}
                      allowDeselect={false}
                      description={failureExplanation(failureCode) ?? undefined}
                    />
                  )}
                </Group>
                <Textarea label="How the outcome was confirmed" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
              </>
            }
          />
        ) : (
          <Alert color="gray">Viewers can look; operators prepare the resolution.</Alert>
        )}
      </Stack>
    </Card>
  );
}

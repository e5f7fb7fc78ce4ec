import { Alert, Anchor, Button, Group, Modal, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { BankAccountCells } from '../../components/NumberCells';
import { PagedTable, useCursorPages } from '../../components/PagedTable';
import { StatusBadge } from '../../components/StatusBadge';
import { TwoLineTime } from '../../components/TwoLineTime';
import { ErrorState } from '../../components/states';
import { formatDateTime, formatRupiah } from '../../format';
import { ConsolePage } from '../ConsoleShell';
import { WaitingApproval } from '../money/ApprovalLink';
import { ACTION_LABELS, approvalsApi, openApprovalsBySubject, type Approval } from '../money/approvals';
import { EvidenceForm, type Evidence } from '../money/EvidenceForm';
import { Age, EnvironmentTag, MerchantCell, SectionCard, useMerchantNames } from '../operations/common';
import { ConfirmAction } from '../operators/ConfirmAction';
import { useConsoleSession } from '../session';

type Withdrawal = Schemas['AdminWithdrawalDto'];
type StatusChoice = Withdrawal['status'] | 'all';
type Verdict = 'paid' | 'failed';

/** What recording a withdrawal's outcome came to: done at once (development), or prepared for a second operator. */
type Outcome = { kind: 'recorded'; verdict: Verdict; withdrawal: Withdrawal; merchant: string } | { kind: 'prepared'; verdict: Verdict; approval: Approval; merchant: string };

const STATUS_CHOICES: { value: StatusChoice; label: string }[] = [
  { value: 'pending', label: 'To pay out' },
  { value: 'done', label: 'Paid' },
  { value: 'failed', label: 'Failed' },
  { value: 'all', label: 'All' },
];

const PAGE_SIZE = 25;
/** A withdrawal waiting longer than this is shown in red: merchants expect theirs the same business day. */
const LATE_MS = 24 * 60 * 60 * 1000;

/**
 * Withdrawals of every merchant: the queue to pay out (pending, by default), each with its
 * merchant, amount, the bank account registered when it was requested, and the time. An
 * operator pays it from the bank and records the outcome here: in development in one step; in
 * production it is prepared with the bank's reference and a different approver approves it.
 */
export function WithdrawalsPage() {
  const { can } = useConsoleSession();
  const { nameOf } = useMerchantNames();
  const [status, setStatus] = useState<StatusChoice>('pending');
  const [acting, setActing] = useState<{ withdrawal: Withdrawal; verdict: Verdict } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const approvals = useQuery({ queryKey: ['approvals', 'pending'], queryFn: () => approvalsApi.list('pending') });
  const open = openApprovalsBySubject(approvals.data);
  const paged = useCursorPages({
    queryKey: ['admin-withdrawals', status],
    fetchPage: (cursor) =>
      unwrap(api.GET('/admin/withdrawals', { params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}), ...(status === 'all' ? {} : { status }) } } })),
  });
  const now = Date.now();
  const canAct = can('operator');

  return (
    <ConsolePage
      title="Withdrawals"
      lead="Merchants move money from their income wallet to the bank account registered for them. Pay each one out from our bank, then record the outcome here. Development withdrawals are recorded in one step; production ones are prepared with the bank's reference and approved by a second operator."
    >
      {outcome && <OutcomeAlert outcome={outcome} onClose={() => setOutcome(null)} />}
      <SectionCard
        title="Withdrawal requests"
        aside={
          <SegmentedControl size="xs" aria-label="Status" data-testid="withdrawal-status-filter" value={status} onChange={(value) => setStatus(value as StatusChoice)} data={STATUS_CHOICES} />
        }
      >
        {approvals.isError && <ErrorState error={approvals.error} onRetry={() => void approvals.refetch()} />}
        <PagedTable
          paged={paged}
          empty={status === 'pending' ? 'Nothing to pay out: every withdrawal is recorded.' : 'No withdrawals match.'}
          minWidth={980}
          testId="withdrawals-table"
          loadMoreMt={0}
          head={
            <>
              <Table.Th>Requested</Table.Th>
              <Table.Th>Merchant</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th>Bank</Table.Th>
              <Table.Th>To account</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>{canAct ? 'Record the outcome' : 'Approval'}</Table.Th>
            </>
          }
        >
          {(withdrawal) => (
            <Table.Tr key={withdrawal.id} data-testid={`withdrawal-${withdrawal.id}`} data-status={withdrawal.status}>
              <Table.Td>
                <TwoLineTime value={withdrawal.created} />
                {withdrawal.status === 'pending' && <Age since={withdrawal.created} now={now} alertAfterMs={LATE_MS} prefix="waiting" />}
              </Table.Td>
              <Table.Td>
                <MerchantCell merchantId={withdrawal.merchant_id} name={nameOf(withdrawal.merchant_id)} />
                <EnvironmentTag environment={withdrawal.environment} />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" fw={600}>
                  {formatRupiah(withdrawal.amount)}
                </Text>
              </Table.Td>
              <BankAccountCells account={withdrawal} />
              <Table.Td miw={100}>
                <StatusBadge status={withdrawal.status} />
                {withdrawal.failure_reason && (
                  <Text size="xs" c="dimmed" maw={200}>
                    {withdrawal.failure_reason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <WithdrawalActions
                  withdrawal={withdrawal}
                  merchant={nameOf(withdrawal.merchant_id) ?? withdrawal.merchant_id}
                  approval={open.get(withdrawal.id)}
                  canAct={canAct}
                  onPrepare={(verdict) => setActing({ withdrawal, verdict })}
                  onRecorded={setOutcome}
                />
              </Table.Td>
            </Table.Tr>
          )}
        </PagedTable>
      </SectionCard>
      <Modal opened={acting !== null} onClose={() => setActing(null)} title={acting ? `${verdictLabel(acting.verdict)}: prepare for approval` : ''} size="lg">
        {acting && (
          <PrepareVerdict
            key={`${acting.withdrawal.id}-${acting.verdict}`}
            withdrawal={acting.withdrawal}
            verdict={acting.verdict}
            merchant={nameOf(acting.withdrawal.merchant_id) ?? acting.withdrawal.merchant_id}
            onDone={(result) => {
              setActing(null);
              setOutcome(result);
            }}
          />
        )}
      </Modal>
    </ConsolePage>
  );
}

function verdictLabel(verdict: Verdict): string {
  return verdict === 'paid' ? 'Mark paid' : 'Mark failed';
}

/** What the verdict does to the merchant's money, said before it is recorded. */
function verdictEffect(verdict: Verdict): string {
  return verdict === 'paid'
    ? 'Only once the money reached the account: the reserved amount leaves the merchant’s income wallet for good.'
    : 'The payout did not reach the account and will not: the reserved amount becomes withdrawable again, and the merchant sees the reason.';
}

function useRefreshWithdrawals() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === 'admin-withdrawals' || query.queryKey[0] === 'approvals' });
}

/**
 * A pending withdrawal's actions, or the approval already waiting for it. Development: the
 * outcome is recorded in one step, after a confirmation. Production: `onPrepare` opens the
 * four-eyes preparation.
 */
function WithdrawalActions({
  withdrawal,
  merchant,
  approval,
  canAct,
  onPrepare,
  onRecorded,
}: {
  withdrawal: Withdrawal;
  merchant: string;
  approval: Approval | undefined;
  canAct: boolean;
  onPrepare: (verdict: Verdict) => void;
  onRecorded: (outcome: Outcome) => void;
}) {
  const refresh = useRefreshWithdrawals();
  if (withdrawal.status !== 'pending') return null;
  if (approval) {
    return (
      <Stack gap={2}>
        <WaitingApproval approval={approval} />
        <Text size="xs" c="dimmed">
          {ACTION_LABELS[approval.action]}, reference {approval.evidence.reference}
        </Text>
      </Stack>
    );
  }
  if (!canAct) {
    return (
      <Text size="xs" c="dimmed">
        Not recorded yet
      </Text>
    );
  }
  if (withdrawal.environment === 'production') {
    return (
      <Group gap="xs" wrap="nowrap">
        <Button size="xs" onClick={() => onPrepare('paid')}>
          Mark paid
        </Button>
        <Button size="xs" variant="light" color="red" onClick={() => onPrepare('failed')}>
          Mark failed
        </Button>
      </Group>
    );
  }
  const path = { params: { path: { id: withdrawal.id } } };
  const summary = `${formatRupiah(withdrawal.amount)} from ${merchant} to ${withdrawal.bank_code} ${withdrawal.account_number} (${withdrawal.account_name}). `;
  const recorded = (verdict: Verdict) => (result: Withdrawal) => {
    refresh();
    onRecorded({ kind: 'recorded', verdict, withdrawal: result, merchant });
  };
  return (
    <Group gap="xs" wrap="nowrap">
      <ConfirmAction label="Mark paid" title="Mark paid" confirmLabel="Mark paid" variant="filled" action={() => unwrap(api.POST('/admin/withdrawals/{id}/mark-paid', path))} onDone={recorded('paid')}>
        {summary}
        {verdictEffect('paid')}
      </ConfirmAction>
      <ConfirmAction
        label="Mark failed"
        title="Mark failed"
        confirmLabel="Mark failed"
        color="red"
        field={{ label: 'Reason', description: 'Why the payout failed; the merchant sees it.', required: true }}
        action={(reason) => unwrap(api.POST('/admin/withdrawals/{id}/mark-failed', { ...path, body: { reason } }))}
        onDone={recorded('failed')}
      >
        {summary}
        {verdictEffect('failed')}
      </ConfirmAction>
    </Group>
  );
}

/**
 * Step 1 of four eyes for a production withdrawal: the bank's reference of the payout (or of
 * its return) as evidence, the failure reason when it failed; a different approver decides.
 */
function PrepareVerdict({ withdrawal, verdict, merchant, onDone }: { withdrawal: Withdrawal; verdict: Verdict; merchant: string; onDone: (outcome: Outcome) => void }) {
  const refresh = useRefreshWithdrawals();
  const [reason, setReason] = useState('');
  const prepare = useMutation({
    mutationFn: (evidence: Evidence) => {
      const path = { path: { id: withdrawal.id } };
      return verdict === 'paid'
        ? unwrap(api.POST('/admin/withdrawals/{id}/prepare-mark-paid', { params: path, body: evidence }))
        : unwrap(api.POST('/admin/withdrawals/{id}/prepare-mark-failed', { params: path, body: { ...evidence, reason: reason.trim() } }));
    },
    onSuccess: (approval) => {
      refresh();
      onDone({ kind: 'prepared', verdict, approval, merchant });
    },
  });
  return (
    <Stack gap="sm" data-testid="withdrawal-verdict-form">
      <Text size="sm">
        {formatRupiah(withdrawal.amount)} from {merchant} to {withdrawal.bank_code} {withdrawal.account_number} ({withdrawal.account_name}), requested {formatDateTime(withdrawal.created)}.
      </Text>
      <Alert color={verdict === 'paid' ? 'green' : 'orange'} variant="light">
        {verdictEffect(verdict)} This is real money: a different operator with the approver role checks your evidence and approves it before it takes effect.
      </Alert>
      <EvidenceForm
        referenceLabel="Bank reference"
        submitLabel="Prepare for approval"
        submitting={prepare.isPending}
        error={prepare.error}
        extra={
          verdict === 'failed' && (
            <Textarea label="Reason" description="Why the payout failed; the merchant sees it." required autosize minRows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          )
        }
        onSubmit={(evidence) => prepare.mutate(evidence)}
      />
    </Stack>
  );
}

function OutcomeAlert({ outcome, onClose }: { outcome: Outcome; onClose: () => void }) {
  if (outcome.kind === 'prepared') {
    return (
      <Alert color="indigo" title="Prepared: waiting for a second operator" withCloseButton onClose={onClose} data-testid="withdrawal-outcome">
        <Text size="sm">
          {outcome.verdict === 'paid' ? 'Mark paid' : 'Mark failed'} for {formatRupiah(outcome.approval.amount)} of {outcome.merchant} takes effect once a different approver approves it.{' '}
          <Anchor component={Link} to={`/approvals/${outcome.approval.id}`} size="sm">
            Open the approval
          </Anchor>
        </Text>
      </Alert>
    );
  }
  return (
    <Alert color={outcome.verdict === 'paid' ? 'green' : 'orange'} title={outcome.verdict === 'paid' ? 'Marked paid' : 'Marked failed'} withCloseButton onClose={onClose} data-testid="withdrawal-outcome">
      <Text size="sm">
        {formatRupiah(outcome.withdrawal.amount)} of {outcome.merchant}:{' '}
        {outcome.verdict === 'paid' ? 'the payout is recorded as received.' : 'the money is withdrawable again.'}
      </Text>
    </Alert>
  );
}

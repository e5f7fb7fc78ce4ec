import { Alert, Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, idempotencyKey, unwrap, type Schemas } from '../api/client';
import { BankAccountCells } from '../components/NumberCells';
import { FormCard } from '../components/FormCard';
import { Page } from '../components/Page';
import { RupiahInput } from '../components/RupiahInput';
import { StatusAmountLine } from '../components/StatusBadge';
import { StatusFilteredList } from '../components/StatusFilteredList';
import { TwoLineTimeCell } from '../components/TwoLineTime';
import { EmptyState, ErrorState, Loading, NotAllowed } from '../components/states';
import { AvailableBalance, useMe } from '../disbursements/AvailableBalance';
import { bankAmountRange, BankSelect, useBanks } from '../disbursements/banks';
import { FailureExplanation } from '../disbursements/FailureExplanation';
import { formatDateTime, formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';

type WithdrawalAccount = Schemas['WithdrawalAccountDto'];
const WITHDRAWAL_STATUSES = ['pending', 'done', 'failed'] as const;

/** The registered account, or null when there is none yet (404 WITHDRAWAL_ACCOUNT_NOT_FOUND_ERROR). */
function useWithdrawalAccount() {
  return useQuery({
    queryKey: useEnvKey('withdrawal-account'),
    queryFn: async (): Promise<WithdrawalAccount | null> => {
      try {
        return await unwrap(api.GET('/api/v2/withdrawal-account'));
      } catch (error) {
        if (error instanceof ApiError && error.code === 'WITHDRAWAL_ACCOUNT_NOT_FOUND_ERROR') return null;
        throw error;
      }
    },
  });
}

/** Development only: the merchant's own sandbox account (production ones are set by operators). */
function SandboxAccountForm({ current, onSaved }: { current: WithdrawalAccount | null; onSaved: () => void }) {
  const t = m();
  const banks = useBanks();
  const queryClient = useQueryClient();
  const accountKey = useEnvKey('withdrawal-account');
  const [form, setForm] = useState({
    bank_code: current?.bank_code ?? 'BCA',
    account_number: current?.account_number ?? '',
    account_name: current?.account_name ?? '',
  });
  const save = useMutation({
    mutationFn: () => unwrap(api.PUT('/api/v2/withdrawal-account', { body: form })),
    onSuccess: (saved) => {
      queryClient.setQueryData(accountKey, saved);
      onSaved();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="sandbox-account-form">
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          {current ? t.withdrawals.changeSandboxAccount : t.withdrawals.setSandboxAccount}
        </Text>
        <BankSelect banks={banks.data} value={form.bank_code} onChange={(bank_code) => setForm({ ...form, bank_code })} />
        <TextInput label={t.common.accountNumber} required inputMode="numeric" value={form.account_number} onChange={(e) => setForm({ ...form, account_number: e.currentTarget.value })} />
        <TextInput label={t.common.accountName} required value={form.account_name} onChange={(e) => setForm({ ...form, account_name: e.currentTarget.value })} />
        {save.isError && <ErrorState error={save.error} />}
        <Group>
          <Button type="submit" variant="light" loading={save.isPending}>
            {t.common.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AccountCard() {
  const t = m();
  const { environment, can } = useSession();
  const account = useWithdrawalAccount();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const mayEdit = environment === 'development' && can('withdraw');
  return (
    <Card withBorder data-testid="withdrawal-account">
      <Stack gap="sm">
        <Title order={4}>{t.withdrawals.account}</Title>
        {account.isPending && <Loading />}
        {account.isError && <ErrorState error={account.error} onRetry={() => void account.refetch()} />}
        {account.data && (
          <Stack gap={2}>
            <Text fw={600}>{account.data.bank_code}</Text>
            <Text ff="monospace">{account.data.account_number}</Text>
            <Text size="sm">{account.data.account_name}</Text>
            <Text size="xs" c="dimmed">
              {t.withdrawals.accountUpdated} {formatDateTime(account.data.updated)}
            </Text>
          </Stack>
        )}
        {account.data === null && <EmptyState>{environment === 'development' ? t.withdrawals.noAccountDevelopment : t.withdrawals.noAccountProduction}</EmptyState>}
        {account.data && environment === 'production' && (
          <Text size="xs" c="dimmed">
            {t.withdrawals.productionNote}
          </Text>
        )}
        {saved && !editing && (
          <Alert color="green" py="xs">
            {t.withdrawals.sandboxAccountSaved}
          </Alert>
        )}
        {mayEdit && account.data !== undefined && !account.isError && (
          <>
            {editing || account.data === null ? (
              <SandboxAccountForm
                current={account.data}
                onSaved={() => {
                  setEditing(false);
                  setSaved(true);
                }}
              />
            ) : (
              <Group>
                <Button variant="light" size="xs" onClick={() => setEditing(true)}>
                  {t.withdrawals.changeSandboxAccount}
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

/** The API's error, in words for the ones a merchant meets here. */
function RequestError({ error, available }: { error: unknown; available: number | string | undefined }) {
  const t = m();
  if (error instanceof ApiError && error.code === 'INSUFFICIENT_BALANCE') {
    return (
      <Alert color="red" title={error.code} role="alert" data-testid="withdrawal-error">
        {t.withdrawals.insufficient(formatRupiah(available))}
      </Alert>
    );
  }
  if (error instanceof ApiError && error.code === 'WITHDRAWAL_ACCOUNT_NOT_FOUND_ERROR') {
    return (
      <Alert color="red" title={error.code} role="alert" data-testid="withdrawal-error">
        {t.withdrawals.needAccount}
      </Alert>
    );
  }
  return <ErrorState error={error} />;
}

function RequestWithdrawal() {
  const t = m();
  const queryClient = useQueryClient();
  const environmentKey = useEnvKey();
  const account = useWithdrawalAccount();
  const me = useMe();
  const banks = useBanks();
  const [amount, setAmount] = useState<number | string>('');
  const request = useMutation({
    mutationFn: (key: string) => unwrap(api.POST('/api/v2/withdrawals', { params: { header: { 'Idempotency-Key': key } }, body: { amount: Number(amount) } })),
    onSuccess: () => {
      setAmount('');
      // The balance, the list and Home's calculation all change.
      void queryClient.invalidateQueries({ queryKey: environmentKey });
    },
  });
  const bank = banks.data?.find((b) => b.code === account.data?.bank_code);
  return (
    <FormCard
      title={t.withdrawals.requestTitle}
      onSubmit={() => request.mutate(idempotencyKey())}
      submitLabel={t.withdrawals.request}
      submitting={request.isPending}
      submitDisabled={!account.data}
    >
      <RupiahInput label={t.common.amount} description={bankAmountRange(bank)} required value={amount} onChange={setAmount} />
      {account.data === null && <Text size="sm" c="dimmed">{t.withdrawals.needAccount}</Text>}
      {request.isError && <RequestError error={request.error} available={me.data?.remaning_withdrawable_amount} />}
      {request.data && !request.isPending && (
        <StatusAmountLine label={t.withdrawals.requested} status={request.data.status} amount={request.data.amount} testId="withdrawal-requested" />
      )}
    </FormCard>
  );
}

function WithdrawalList() {
  const t = m();
  return (
    <StatusFilteredList
      title={t.withdrawals.list}
      statuses={WITHDRAWAL_STATUSES}
      switchTestId="withdrawal-status"
      queryKey={useEnvKey('withdrawals')}
      fetchPage={(query) => unwrap(api.GET('/api/v2/withdrawals', { params: { query } }))}
      empty={t.withdrawals.empty}
      minWidth={860}
      testId="withdrawal-table"
      rowTestId={(row) => `withdrawal-${row.id}`}
      columns={
        <>
          <Table.Th>{t.common.bank}</Table.Th>
          <Table.Th>{t.common.accountNumber}</Table.Th>
          <Table.Th>{t.common.created}</Table.Th>
          <Table.Th>{t.withdrawals.completed}</Table.Th>
          <Table.Th>{t.withdrawals.failureReason}</Table.Th>
        </>
      }
      cells={(row) => (
        <>
          <BankAccountCells account={row} />
          <TwoLineTimeCell value={row.created} />
          <TwoLineTimeCell value={row.completed} />
          <Table.Td maw={320}>{row.failure_reason ? <FailureExplanation code={row.failure_reason} compact /> : '—'}</Table.Td>
        </>
      )}
    />
  );
}

export function WithdrawalsPage() {
  const t = m();
  const { can } = useSession();
  const me = useMe();
  if (!can('viewWithdrawals')) {
    return (
      <Page title={t.withdrawals.title} lead={t.withdrawals.lead}>
        <NotAllowed />
      </Page>
    );
  }
  return (
    <Page
      title={t.withdrawals.title}
      lead={t.withdrawals.lead}
      actions={<AvailableBalance label={t.withdrawals.withdrawable} amount={me.data?.remaning_withdrawable_amount} testId="withdrawable" />}
    >
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <AccountCard />
        {can('withdraw') ? (
          <RequestWithdrawal />
        ) : (
          // Its own height, not the account card's.
          <div>
            <NotAllowed message={t.withdrawals.requestNotAllowed} />
          </div>
        )}
      </SimpleGrid>
      <WithdrawalList />
    </Page>
  );
}

import { Alert, Select, SimpleGrid, Table, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, unwrap, type Environment, type Schemas } from '../../api/client';
import { FormCard } from '../../components/FormCard';
import { BankAccountCells } from '../../components/NumberCells';
import { ScrollTable } from '../../components/PagedTable';
import { TwoLineTimeCell } from '../../components/TwoLineTime';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { ConsolePage } from '../ConsoleShell';
import { EnvironmentTag, SectionCard } from '../operations/common';
import { ConfirmAction } from '../operators/ConfirmAction';
import { useConsoleSession } from '../session';

type TopUpBankAccount = Schemas['AdminTopUpBankAccountDto'];

const ACCOUNTS_KEY = ['admin-top-up-bank-accounts'];

/**
 * The bank accounts merchants are told to transfer top-ups into, per environment: added and
 * retired here. A retired account disappears from the merchants' top-up page at once and stays
 * on record (with when it was retired).
 */
export function TopUpBankAccountsPage() {
  const { can } = useConsoleSession();
  const accounts = useQuery({ queryKey: ACCOUNTS_KEY, queryFn: () => unwrap(api.GET('/admin/top-up-bank-accounts')) });
  const [changed, setChanged] = useState<string | null>(null);
  const active = (accounts.data ?? []).filter((account) => account.active);
  const retired = (accounts.data ?? []).filter((account) => !account.active);
  const canAct = can('operator');

  return (
    <ConsolePage
      title="Top-up bank accounts"
      lead="Merchants top up their disburse wallet by transferring to one of these accounts; their top-up page lists the active accounts of its environment. Check every account number twice: merchants send real money to it."
    >
      {changed && (
        <Alert color="green" withCloseButton onClose={() => setChanged(null)} data-testid="top-up-account-changed">
          {changed}
        </Alert>
      )}
      {accounts.isPending && <Loading />}
      {accounts.isError && <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />}
      {accounts.data && (
        <>
          <SectionCard title="Shown to merchants" testId="active-top-up-accounts">
            {active.length === 0 ? (
              <EmptyState>No active account: merchants are shown no account to transfer to. Add one below.</EmptyState>
            ) : (
              <AccountsTable
                accounts={active}
                action={canAct ? (account) => <RetireAccount account={account} onRetired={(retired) => setChanged(`${retired.bank_code} ${retired.account_number} is retired: merchants no longer see it.`)} /> : undefined}
              />
            )}
          </SectionCard>
          {canAct && <AddAccountForm onAdded={(account) => setChanged(`${account.bank_code} ${account.account_number} is shown to ${account.environment} merchants now.`)} />}
          <SectionCard title="Retired" testId="retired-top-up-accounts">
            {retired.length === 0 ? <EmptyState>No retired accounts.</EmptyState> : <AccountsTable accounts={retired} retired />}
          </SectionCard>
        </>
      )}
    </ConsolePage>
  );
}

function AccountsTable({ accounts, retired, action }: { accounts: TopUpBankAccount[]; retired?: boolean; action?: (account: TopUpBankAccount) => ReactNode }) {
  return (
    <ScrollTable
      minWidth={760}
      testId={retired ? 'retired-accounts-table' : 'active-accounts-table'}
      head={
        <>
          <Table.Th>Environment</Table.Th>
          <Table.Th>Bank</Table.Th>
          <Table.Th>Account</Table.Th>
          <Table.Th>Added</Table.Th>
          {retired && <Table.Th>Retired</Table.Th>}
          {action && <Table.Th />}
        </>
      }
    >
      {accounts.map((account) => (
        <Table.Tr key={account.id} data-testid={`top-up-account-${account.account_number}`}>
          <Table.Td>
            <EnvironmentTag environment={account.environment} />
          </Table.Td>
          <BankAccountCells account={account} />
          <TwoLineTimeCell value={account.created} />
          {retired && <TwoLineTimeCell value={account.retired} />}
          {action && <Table.Td ta="right">{action(account)}</Table.Td>}
        </Table.Tr>
      ))}
    </ScrollTable>
  );
}

/** Retire, after a confirmation that says what merchants will see. */
function RetireAccount({ account, onRetired }: { account: TopUpBankAccount; onRetired: (account: TopUpBankAccount) => void }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmAction
      label="Retire"
      title="Retire this top-up account?"
      confirmLabel="Retire account"
      color="red"
      action={() => unwrap(api.POST('/admin/top-up-bank-accounts/{id}/retire', { params: { path: { id: account.id } } }))}
      onDone={(retired) => {
        void queryClient.invalidateQueries({ queryKey: ACCOUNTS_KEY });
        onRetired(retired);
      }}
    >
      <b>
        {account.bank_name}, {account.account_number}
      </b>{' '}
      ({account.account_name}) stops being shown to {account.environment} merchants at once. Top-ups already declared stay as they are; transfers merchants still make to it must
      be matched by hand.
    </ConfirmAction>
  );
}

const EMPTY_FORM = { environment: 'production' as Environment, bank_code: '', account_number: '', account_name: '' };

function AddAccountForm({ onAdded }: { onAdded: (account: TopUpBankAccount) => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(EMPTY_FORM);
  const add = useMutation({
    mutationFn: () => unwrap(api.POST('/admin/top-up-bank-accounts', { body: { ...form, bank_code: form.bank_code.trim().toUpperCase(), account_name: form.account_name.trim() } })),
    onSuccess: (account) => {
      void queryClient.invalidateQueries({ queryKey: ACCOUNTS_KEY });
      setForm(EMPTY_FORM);
      onAdded(account);
    },
  });
  return (
    <FormCard title="Add an account" onSubmit={() => add.mutate()} submitLabel="Add account" submitting={add.isPending}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label="Environment"
          description="Production: real transfers. Development: sandbox merchants see it."
          data={[
            { value: 'production', label: 'Production' },
            { value: 'development', label: 'Development' },
          ]}
          value={form.environment}
          onChange={(environment) => setForm({ ...form, environment: (environment ?? 'production') as Environment })}
          allowDeselect={false}
        />
        <TextInput
          label="Bank code"
          description="As in the bank list: BCA, BNI, BRI, MANDIRI…"
          required
          value={form.bank_code}
          onChange={(e) => setForm({ ...form, bank_code: e.currentTarget.value.toUpperCase() })}
        />
        <TextInput
          label="Account number"
          description="Digits only, as on the bank's records."
          required
          inputMode="numeric"
          value={form.account_number}
          onChange={(e) => setForm({ ...form, account_number: e.currentTarget.value.replace(/\s/g, '') })}
        />
        <TextInput label="Account holder" description="The name merchants see, as the bank shows it." required maxLength={100} value={form.account_name} onChange={(e) => setForm({ ...form, account_name: e.currentTarget.value })} />
      </SimpleGrid>
      {add.isError && <ErrorState error={add.error} />}
    </FormCard>
  );
}

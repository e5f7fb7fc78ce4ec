import { Table, Text } from '@mantine/core';
import { api, unwrap, type Schemas } from '../api/client';
import { BankAccountCells } from '../components/NumberCells';
import { CopyValue } from '../components/CopyValue';
import { PayableDetailPage } from '../components/PayableDetail';
import type { PayableKind } from '../components/payable-kind';
import { PayablesPage } from '../components/Payables';
import { m } from '../i18n/messages';

type VirtualAccount = Schemas['VirtualAccountRecordDto'];

/** Virtual accounts as payables: the bank and account number are theirs. */
export const virtualAccountKind: PayableKind<VirtualAccount> = {
  resource: 'virtual-accounts',
  testId: 'va',
  text: () => m().virtualAccounts,
  head: () => (
    <>
      <Table.Th>{m().common.bank}</Table.Th>
      <Table.Th>{m().common.accountNumber}</Table.Th>
    </>
  ),
  cells: (va) => <BankAccountCells account={va} />,
  fields: (va) => [
    { label: m().common.bank, value: <Text size="sm">{va.bank_code}</Text> },
    { label: m().common.accountNumber, value: <CopyValue value={va.account_number} testId="va-detail-number" /> },
    { label: m().common.accountName, value: <Text size="sm">{va.account_name}</Text> },
  ],
  sandboxPath: (id) => `/sandbox?va=${encodeURIComponent(id)}`,
  list: (query) => unwrap(api.GET('/api/v2/virtual-accounts', { params: { query } })),
  get: (id) => unwrap(api.GET('/api/v2/virtual-accounts/{id}', { params: { path: { id } } })),
  payments: (id) => unwrap(api.GET('/api/v2/virtual-accounts/{id}/payments', { params: { path: { id } } })),
  channels: {
    queryKey: 'virtual-account-banks',
    initial: 'BNI',
    fetch: async () =>
      (await unwrap(api.GET('/api/v2/virtual-account-banks'))).map((bank) => ({
        value: bank.code,
        label: `${bank.code} · ${bank.name}`,
        disabled: bank.status !== 'available',
        min_amount: bank.min_amount,
        max_amount: bank.max_amount,
      })),
  },
  create: async (draft, key) => {
    const { channel, ...fields } = draft;
    const va = await unwrap(
      api.POST('/api/v2/create-virtual-account', {
        params: { header: { 'Idempotency-Key': key } },
        body: { ...fields, bank_code: channel },
      }),
    );
    return { id: va.id, external_id: va.external_id, amount: va.amount, channel: va.bank_code, number: va.account_number };
  },
};

export function VirtualAccountsPage() {
  return <PayablesPage kind={virtualAccountKind} />;
}

export function VirtualAccountPage() {
  return <PayableDetailPage kind={virtualAccountKind} />;
}

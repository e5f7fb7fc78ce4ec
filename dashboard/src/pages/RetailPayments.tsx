import { Table, Text } from '@mantine/core';
import { api, unwrap, type Schemas } from '../api/client';
import { CopyValue } from '../components/CopyValue';
import { NumberCells } from '../components/NumberCells';
import { PayableDetailPage } from '../components/PayableDetail';
import type { PayableKind } from '../components/payable-kind';
import { PayablesPage } from '../components/Payables';
import { m } from '../i18n/messages';

type RetailPayment = Schemas['RetailPaymentRecordDto'];

/** Alfamart payment codes as payables: the payer's name and the code are theirs. */
export const retailPaymentKind: PayableKind<RetailPayment> = {
  resource: 'retail-payments',
  testId: 'retail',
  text: () => m().retailPayments,
  head: () => (
    <>
      <Table.Th>{m().retailPayments.payerName}</Table.Th>
      <Table.Th>{m().retailPayments.number}</Table.Th>
    </>
  ),
  cells: (code) => <NumberCells first={code.name} number={code.payment_code} note={code.retail_outlet_name} />,
  fields: (code) => [
    { label: m().retailPayments.channel, value: <Text size="sm">{code.retail_outlet_name}</Text> },
    { label: m().retailPayments.number, value: <CopyValue value={code.payment_code} testId="retail-detail-number" /> },
    { label: m().retailPayments.payerName, value: <Text size="sm">{code.name}</Text> },
  ],
  sandboxPath: (id) => `/sandbox?retail_payment=${encodeURIComponent(id)}`,
  list: (query) => unwrap(api.GET('/api/v2/retail-payments', { params: { query } })),
  get: (id) => unwrap(api.GET('/api/v2/retail-payments/{id}', { params: { path: { id } } })),
  payments: (id) => unwrap(api.GET('/api/v2/retail-payments/{id}/payments', { params: { path: { id } } })),
  channels: {
    queryKey: 'retail-outlets',
    initial: 'ALFAMART',
    fetch: async () =>
      (await unwrap(api.GET('/api/v2/retail-outlets'))).map((outlet) => ({
        value: outlet.name,
        label: outlet.name,
        min_amount: outlet.min_amount,
        max_amount: outlet.max_amount,
      })),
  },
  create: async (draft, key) => {
    const { channel, ...fields } = draft;
    const code = await unwrap(
      api.POST('/api/v2/create-retail-payment', {
        params: { header: { 'Idempotency-Key': key } },
        body: { ...fields, retail_outlet_name: channel },
      }),
    );
    return { id: code.id, external_id: code.external_id, amount: code.amount, channel: code.retail_outlet_name, number: code.payment_code };
  },
};

export function RetailPaymentsPage() {
  return <PayablesPage kind={retailPaymentKind} />;
}

export function RetailPaymentPage() {
  return <PayableDetailPage kind={retailPaymentKind} />;
}

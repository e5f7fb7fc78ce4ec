import { Alert, Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { formatDateTime, formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey } from '../session';
import { CopyValue } from './CopyValue';
import { FactGrid } from './Facts';
import { Page } from './Page';
import { ScrollTable } from './PagedTable';
import { formatExpiration, useSandboxPath } from './Payables';
import type { PayableKind, PayableRecord } from './payable-kind';
import { ResourceCallbacks } from './ResourceCallbacks';
import { StatusBadge } from './StatusBadge';
import { EmptyState, ErrorState, Loading } from './states';

/** Every field of a payable: those all kinds have, and the kind's own. */
function PayableFields<T extends PayableRecord>({ kind, payable }: { kind: PayableKind<T>; payable: T }) {
  const t = m();
  const text = kind.text();
  const sandbox = useSandboxPath(kind)(payable);
  return (
    <Card withBorder data-testid={`${kind.testId}-detail`}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Group gap="xs">
              <StatusBadge status={payable.status} />
              <Text fw={700} size="xl" data-testid={`${kind.testId}-detail-amount`}>
                {formatRupiah(payable.amount)}
              </Text>
            </Group>
            <Text size="sm" c="dimmed">
              {payable.external_id}
            </Text>
          </Stack>
          {sandbox && (
            <Button component={Link} to={sandbox} variant="light" size="xs">
              {text.payInSandbox}
            </Button>
          )}
        </Group>
        <FactGrid
          facts={[
            ...kind.fields(payable),
            { label: t.common.externalId, value: <Text size="sm">{payable.external_id}</Text> },
            { label: t.payables.id, value: <CopyValue value={payable.id} testId={`${kind.testId}-detail-id`} /> },
            { label: t.payables.use, value: <Text size="sm">{payable.is_single_use ? t.payables.singleUse : t.payables.multipleUse}</Text> },
            { label: t.common.created, value: <Text size="sm">{formatDateTime(payable.created)}</Text> },
            { label: text.expires, value: <Text size="sm">{formatExpiration(payable.expiration_date)}</Text> },
          ]}
        />
      </Stack>
    </Card>
  );
}

function PayablePayments<T extends PayableRecord>({ kind, id }: { kind: PayableKind<T>; id: string }) {
  const t = m();
  const payments = useQuery({ queryKey: useEnvKey(kind.resource, 'payments', id), queryFn: () => kind.payments(id) });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t.payables.payments}</Title>
        {payments.isPending && <Loading />}
        {payments.isError && <ErrorState error={payments.error} onRetry={() => void payments.refetch()} />}
        {payments.data?.length === 0 && <EmptyState>{t.payables.paymentsEmpty}</EmptyState>}
        {!!payments.data?.length && (
          <ScrollTable
            minWidth={560}
            testId={`${kind.testId}-payments`}
            head={
              <>
                <Table.Th>{t.payables.paidAt}</Table.Th>
                <Table.Th ta="right">{t.common.amount}</Table.Th>
                <Table.Th>{t.common.status}</Table.Th>
                <Table.Th>{t.payables.settledAt}</Table.Th>
                <Table.Th>{t.payables.id}</Table.Th>
              </>
            }
          >
            {payments.data.map((payment) => (
              <Table.Tr key={payment.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(payment.paid_at)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatRupiah(payment.amount)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <StatusBadge status={payment.status} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(payment.settled_at)}</Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {payment.id}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </ScrollTable>
        )}
      </Stack>
    </Card>
  );
}

/**
 * `/<resource>/:id`: one payable, its payments and the callbacks sent about it. An id that is
 * not the merchant's in this environment (404) shows "not found".
 */
export function PayableDetailPage<T extends PayableRecord>({ kind }: { kind: PayableKind<T> }) {
  const t = m();
  const text = kind.text();
  const id = useParams().id ?? '';
  const payable = useQuery({ queryKey: useEnvKey(kind.resource, 'detail', id), queryFn: () => kind.get(id) });
  const notFound = payable.error instanceof ApiError && payable.error.status === 404;
  return (
    <Page title={text.detailTitle}>
      <Anchor component={Link} to={`/${kind.resource}`} size="sm">
        ← {text.back}
      </Anchor>
      {payable.isPending && <Loading />}
      {notFound && (
        <Alert color="gray" title={t.payables.notFoundTitle} data-testid={`${kind.testId}-not-found`}>
          <Stack gap={4}>
            <Text size="sm">{text.notFound}</Text>
            <Text size="sm" c="dimmed">
              {t.payables.notFoundHint}
            </Text>
          </Stack>
        </Alert>
      )}
      {payable.isError && !notFound && <ErrorState error={payable.error} onRetry={() => void payable.refetch()} />}
      {payable.data && (
        <>
          <PayableFields kind={kind} payable={payable.data} />
          <PayablePayments kind={kind} id={payable.data.id} />
          <ResourceCallbacks resourceId={payable.data.id} />
        </>
      )}
    </Page>
  );
}

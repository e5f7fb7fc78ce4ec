import { Alert, Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { FormCard } from '../components/FormCard';
import { Page } from '../components/Page';
import { RupiahInput } from '../components/RupiahInput';
import { StatusBadge } from '../components/StatusBadge';
import { ErrorState, NotAllowed } from '../components/states';
import { formatDateTime, formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useSession } from '../session';

type Payable = 'va' | 'retail_payment';

/** Pays a virtual account or an Alfamart code, as its payer would. */
function PayPayable({ initialPayable, initialId }: { initialPayable: Payable; initialId: string }) {
  const t = m();
  const queryClient = useQueryClient();
  const [payable, setPayable] = useState(initialPayable);
  const [id, setId] = useState(initialId);
  const [amount, setAmount] = useState<number | string>('');
  const pay = useMutation({
    mutationFn: () => {
      const params = { params: { path: { id: id.trim() } }, body: amount === '' ? {} : { amount: Number(amount) } };
      return unwrap(
        payable === 'va' ? api.POST('/api/v2/simulate/virtual-accounts/{id}/pay', params) : api.POST('/api/v2/simulate/retail-payments/{id}/pay', params),
      );
    },
    onSuccess: () => void queryClient.invalidateQueries(),
  });
  return (
    <FormCard title={payable === 'va' ? t.sandbox.payVa : t.sandbox.payRetailPayment} onSubmit={() => pay.mutate()} submitLabel={t.sandbox.pay} submitting={pay.isPending}>
      <SegmentedControl
        value={payable}
        onChange={(value) => setPayable(value as Payable)}
        data={[
          { value: 'va', label: t.nav.virtualAccounts },
          { value: 'retail_payment', label: t.nav.retailPayments },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      <TextInput label={payable === 'va' ? t.sandbox.vaId : t.sandbox.retailPaymentId} required value={id} onChange={(e) => setId(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }} />
      <RupiahInput label={t.sandbox.payAmount} value={amount} onChange={setAmount} />
      {pay.isError && <ErrorState error={pay.error} />}
      {pay.data && (
        <Alert color="green" title={t.sandbox.paid} data-testid="sandbox-paid">
          <Group gap="xs">
            <StatusBadge status={pay.data.status} />
            <Text size="sm">
              {formatRupiah(pay.data.amount)} · {formatDateTime(pay.data.paid_at)}
            </Text>
          </Group>
          <Text size="sm" mt={4}>
            {t.sandbox.paymentStatus}
          </Text>
        </Alert>
      )}
    </FormCard>
  );
}

function FinishDisbursement({ initialId }: { initialId: string }) {
  const t = m();
  const queryClient = useQueryClient();
  const [id, setId] = useState(initialId);
  const finish = useMutation({
    mutationFn: (outcome: 'complete' | 'fail') =>
      unwrap(
        outcome === 'complete'
          ? api.POST('/api/v2/simulate/disbursements/{id}/complete', { params: { path: { id: id.trim() } } })
          : api.POST('/api/v2/simulate/disbursements/{id}/fail', { params: { path: { id: id.trim() } }, body: { failure_code: 'REJECTED_BY_BANK' } }),
      ),
    onSuccess: () => void queryClient.invalidateQueries(),
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t.sandbox.disbursement}</Title>
        <TextInput label={t.sandbox.disbursementId} value={id} onChange={(e) => setId(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }} />
        {finish.isError && <ErrorState error={finish.error} />}
        {finish.data && (
          <Group gap="xs" data-testid="sandbox-disbursement">
            <StatusBadge status={finish.data.status} />
            <Text size="sm">
              {finish.data.external_id} · {formatRupiah(finish.data.amount)} {finish.data.failure_code ?? ''}
            </Text>
          </Group>
        )}
        <Group>
          <Button color="green" disabled={!id.trim()} loading={finish.isPending && finish.variables === 'complete'} onClick={() => finish.mutate('complete')}>
            {t.sandbox.complete}
          </Button>
          <Button color="red" variant="light" disabled={!id.trim()} loading={finish.isPending && finish.variables === 'fail'} onClick={() => finish.mutate('fail')}>
            {t.sandbox.fail}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function SandboxPage() {
  const t = m();
  const { environment, can } = useSession();
  const [params] = useSearchParams();
  return (
    <Page title={t.sandbox.title} lead={t.sandbox.lead}>
      {environment !== 'development' ? (
        <Alert color="orange">{t.common.developmentOnly}</Alert>
      ) : !can('useSandbox') ? (
        <NotAllowed />
      ) : (
        <>
          <PayPayable
            initialPayable={params.has('retail_payment') ? 'retail_payment' : 'va'}
            initialId={params.get('retail_payment') ?? params.get('va') ?? ''}
          />
          <FinishDisbursement initialId={params.get('disbursement') ?? ''} />
        </>
      )}
    </Page>
  );
}

import { Alert, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { CopyValue } from '../components/CopyValue';
import { Page } from '../components/Page';
import { CalculationLine, WalletCalculation } from '../components/WalletCalculation';
import { ErrorState, Loading } from '../components/states';
import { formatDateTime, nextSettlement, toBigInt } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';

/**
 * Both wallets: `/me` for everyone, and for the roles that may see movements the ledger's
 * own totals behind each figure (`/wallets/calculation`), each linking to its movements.
 */
function useWallets(detailed: boolean) {
  const key = useEnvKey('wallets', detailed);
  return useQuery({
    queryKey: key,
    queryFn: async () => {
      if (detailed) return { calculation: await unwrap(api.GET('/api/v2/wallets/calculation')) };
      const me = await unwrap(api.GET('/api/v2/me'));
      return { available: { income: toBigInt(me.remaning_withdrawable_amount), disburse: toBigInt(me.remaning_disbursable_amount) } };
    },
  });
}

/** The statement of one wallet, all time, showing only one kind of movement. */
const movementsOf = (wallet: 'income' | 'disburse', code: string) => `/statements?wallet=${wallet}&code=${code}&from=&to=`;

function NewKeys() {
  const { newKeys, dismissNewKeys } = useSession();
  const t = m();
  if (!newKeys) return null;
  return (
    <Alert color="yellow" title={t.home.keysShownOnce} data-testid="new-keys">
      <Stack gap="sm">
        <Text size="sm">{t.home.keysShownOnceLead}</Text>
        {(['development', 'production'] as const).map((environment) =>
          newKeys[environment] ? (
            <Stack key={environment} gap={4}>
              <Text size="sm" fw={600}>
                {t.apiKeys.accessToken} · {t.environment[environment]}
              </Text>
              <CopyValue value={newKeys[environment]!} testId={`new-key-${environment}`} />
            </Stack>
          ) : null,
        )}
        <Group>
          <Button size="xs" variant="light" onClick={dismissNewKeys}>
            {t.home.keysDismiss}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

export function HomePage() {
  const t = m();
  const { environment, can } = useSession();
  const detailed = can('viewMovements');
  const wallets = useWallets(detailed);
  const calculation = wallets.data?.calculation;
  const available = wallets.data?.available;
  const settlement = calculation?.next_settlement_at ? new Date(calculation.next_settlement_at) : nextSettlement();
  return (
    <Page title={t.home.title}>
      <NewKeys />
      {wallets.isPending && <Loading />}
      {wallets.isError && <ErrorState error={wallets.error} onRetry={() => void wallets.refetch()} />}
      {wallets.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <WalletCalculation
            wallet="income"
            title={t.home.income}
            availableLabel={t.home.withdrawable}
            available={calculation ? toBigInt(calculation.income.withdrawable) : available!.income}
            note={t.home.pendingNote}
            lines={
              calculation && (
                <>
                  <CalculationLine label={t.home.settled} amount={toBigInt(calculation.income.settled)} to={movementsOf('income', 'settlement')} testId="income-settled" />
                  <CalculationLine sign="−" label={t.home.withdrawn} amount={toBigInt(calculation.income.withdrawn)} to={movementsOf('income', 'withdrawal')} testId="income-withdrawn" />
                  <CalculationLine sign="−" label={t.home.reservedWithdrawals} amount={toBigInt(calculation.income.reserved_for_withdrawals)} to="/withdrawals?status=pending" testId="income-reserved" />
                  <CalculationLine sign="=" label={t.home.withdrawable} amount={toBigInt(calculation.income.withdrawable)} strong />
                  <CalculationLine sign="+" label={t.home.pendingSettlement} amount={toBigInt(calculation.income.pending_settlement)} to={movementsOf('income', 'payment')} testId="income-pending" />
                </>
              )
            }
          />
          <WalletCalculation
            wallet="disburse"
            title={t.home.disburse}
            availableLabel={t.home.disbursable}
            available={calculation ? toBigInt(calculation.disburse.disbursable) : available!.disburse}
            lines={
              calculation && (
                <>
                  <CalculationLine label={t.home.approvedTopUps} amount={toBigInt(calculation.disburse.topped_up)} to={movementsOf('disburse', 'top_up')} testId="disburse-topped-up" />
                  <CalculationLine sign="−" label={t.home.disbursed} amount={toBigInt(calculation.disburse.disbursed)} to={movementsOf('disburse', 'disbursement')} testId="disburse-disbursed" />
                  <CalculationLine sign="−" label={t.home.reservedDisbursements} amount={toBigInt(calculation.disburse.reserved_for_disbursements)} to="/disbursements?status=pending" testId="disburse-reserved" />
                  <CalculationLine sign="=" label={t.home.disbursable} amount={toBigInt(calculation.disburse.disbursable)} strong />
                </>
              )
            }
          />
        </SimpleGrid>
      )}
      <Card withBorder>
        <Group justify="space-between">
          <Stack gap={2}>
            <Text fw={600}>{t.home.nextSettlement}</Text>
            <Text size="xs" c="dimmed">
              {t.home.nextSettlementNote}
            </Text>
            {environment === 'development' && (
              <Text size="xs" c="orange.8">
                {t.home.developmentSettlementNote}
              </Text>
            )}
          </Stack>
          <Text fw={700} data-testid="next-settlement">
            {formatDateTime(settlement)}
          </Text>
        </Group>
      </Card>
    </Page>
  );
}

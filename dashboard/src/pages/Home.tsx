import { Alert, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { allPages } from '../api/pages';
import { CopyValue } from '../components/CopyValue';
import { Page } from '../components/Page';
import { CalculationLine, WalletCalculation } from '../components/WalletCalculation';
import { ErrorState, Loading } from '../components/states';
import { formatDateTime, nextSettlement, toBigInt } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';

/**
 * Both wallets with the calculation behind them (for the roles that may see movements). The API gives the available figures
 * (`/me`), the income wallet's pending total (the newest statement row), the open
 * withdrawals and the approved top-ups; the other lines follow from those:
 *   income:   settled − withdrawn (= available + reserved) − reserved = available; + pending
 *   disburse: approved top-ups − (completed + reserved disbursements) = available
 */
function useWallets(detailed: boolean) {
  const key = useEnvKey('wallets', detailed);
  return useQuery({
    queryKey: key,
    queryFn: async () => {
      const me = await unwrap(api.GET('/api/v2/me'));
      const incomeAvailable = toBigInt(me.remaning_withdrawable_amount);
      const disburseAvailable = toBigInt(me.remaning_disbursable_amount);
      if (!detailed) return { income: { available: incomeAvailable }, disburse: { available: disburseAvailable } };
      const [incomeNewest, withdrawals, topUps] = await Promise.all([
        unwrap(api.GET('/api/v2/transactions', { params: { query: { wallet: 'income', limit: 1 } } })),
        allPages((cursor) => unwrap(api.GET('/api/v2/withdrawals', { params: { query: { status: 'pending', limit: 200, cursor } } }))),
        allPages((cursor) => unwrap(api.GET('/api/v2/top-ups', { params: { query: { status: 'approved', limit: 200, cursor } } }))),
      ]);
      const reservedWithdrawals = withdrawals.rows.reduce((sum, row) => sum + toBigInt(row.amount), 0n);
      const pending = toBigInt(incomeNewest.data[0]?.pending_balance ?? 0);
      const approvedTopUps = topUps.rows.reduce((sum, row) => sum + toBigInt(row.amount), 0n);
      return {
        income: { available: incomeAvailable, calculation: { reservedWithdrawals, settledLessWithdrawn: incomeAvailable + reservedWithdrawals, pending } },
        disburse: { available: disburseAvailable, calculation: { approvedTopUps, disbursedAndReserved: approvedTopUps - disburseAvailable } },
      };
    },
  });
}

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
  const income = wallets.data?.income;
  const disburse = wallets.data?.disburse;
  const settlement = nextSettlement();
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
            available={wallets.data.income.available}
            note={t.home.pendingNote}
            lines={
              income?.calculation && (
                <>
                  <CalculationLine label={t.home.settledLessWithdrawn} amount={income.calculation.settledLessWithdrawn} />
                  <CalculationLine sign="−" label={t.home.reservedWithdrawals} amount={income.calculation.reservedWithdrawals} />
                  <CalculationLine sign="=" label={t.home.withdrawable} amount={income.available} strong />
                  <CalculationLine sign="+" label={t.home.pendingSettlement} amount={income.calculation.pending} testId="income-pending" />
                </>
              )
            }
          />
          <WalletCalculation
            wallet="disburse"
            title={t.home.disburse}
            availableLabel={t.home.disbursable}
            available={wallets.data.disburse.available}
            lines={
              disburse?.calculation && (
                <>
                  <CalculationLine label={t.home.approvedTopUps} amount={disburse.calculation.approvedTopUps} />
                  <CalculationLine sign="−" label={t.home.disbursedAndReserved} amount={disburse.calculation.disbursedAndReserved} />
                  <CalculationLine sign="=" label={t.home.disbursable} amount={disburse.available} strong />
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

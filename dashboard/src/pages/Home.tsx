import { Alert, Anchor, Button, Card, Divider, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { allPages } from '../api/pages';
import { CopyValue } from '../components/CopyValue';
import { Page } from '../components/Page';
import { ErrorState, Loading } from '../components/states';
import { formatDateTime, formatRupiah, nextSettlement, toBigInt } from '../format';
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

function Line({ label, amount, sign, strong, testId }: { label: string; amount: bigint; sign?: '−' | '+' | '='; strong?: boolean; testId?: string }) {
  return (
    <Table.Tr>
      <Table.Td w={24} c="dimmed">
        {sign ?? ''}
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={strong ? 700 : 400}>
          {label}
        </Text>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" fw={strong ? 700 : 400} data-testid={testId}>
          {formatRupiah(amount)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
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
          <Card withBorder data-testid="income-wallet">
            <Stack gap="xs">
              <Title order={4}>{t.home.income}</Title>
              <Text size="xs" c="dimmed">
                {t.home.withdrawable}
              </Text>
              <Text fz={28} fw={700} data-testid="income-available">
                {formatRupiah(wallets.data.income.available)}
              </Text>
              {income?.calculation ? (
                <>
                  <Divider label={t.home.calculation} labelPosition="left" />
                  <Table withRowBorders={false} verticalSpacing={4}>
                    <Table.Tbody>
                      <Line label={t.home.settledLessWithdrawn} amount={income.calculation.settledLessWithdrawn} />
                      <Line sign="−" label={t.home.reservedWithdrawals} amount={income.calculation.reservedWithdrawals} />
                      <Line sign="=" label={t.home.withdrawable} amount={income.available} strong />
                      <Line sign="+" label={t.home.pendingSettlement} amount={income.calculation.pending} testId="income-pending" />
                    </Table.Tbody>
                  </Table>
                  <Text size="xs" c="dimmed">
                    {t.home.pendingNote}
                  </Text>
                  <Anchor component={Link} to="/statements?wallet=income" size="sm">
                    {t.home.statementLink}
                  </Anchor>
                </>
              ) : (
                <Text size="xs" c="dimmed">
                  {t.home.calculationHidden}
                </Text>
              )}
            </Stack>
          </Card>
          <Card withBorder data-testid="disburse-wallet">
            <Stack gap="xs">
              <Title order={4}>{t.home.disburse}</Title>
              <Text size="xs" c="dimmed">
                {t.home.disbursable}
              </Text>
              <Text fz={28} fw={700} data-testid="disburse-available">
                {formatRupiah(wallets.data.disburse.available)}
              </Text>
              {disburse?.calculation ? (
                <>
                  <Divider label={t.home.calculation} labelPosition="left" />
                  <Table withRowBorders={false} verticalSpacing={4}>
                    <Table.Tbody>
                      <Line label={t.home.approvedTopUps} amount={disburse.calculation.approvedTopUps} />
                      <Line sign="−" label={t.home.disbursedAndReserved} amount={disburse.calculation.disbursedAndReserved} />
                      <Line sign="=" label={t.home.disbursable} amount={disburse.available} strong />
                    </Table.Tbody>
                  </Table>
                  <Anchor component={Link} to="/statements?wallet=disburse" size="sm">
                    {t.home.statementLink}
                  </Anchor>
                </>
              ) : (
                <Text size="xs" c="dimmed">
                  {t.home.calculationHidden}
                </Text>
              )}
            </Stack>
          </Card>
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

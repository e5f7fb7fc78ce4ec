import { Anchor, Card, Divider, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatRupiah } from '../format';
import { m } from '../i18n/messages';

/** One line of a wallet's calculation: `− Reserved withdrawals   Rp 5.000`, its label linking to the movements behind it. */
export function CalculationLine({
  label,
  amount,
  sign,
  strong,
  testId,
  to,
}: {
  label: string;
  amount: bigint;
  sign?: '−' | '+' | '=';
  strong?: boolean;
  testId?: string;
  to?: string;
}) {
  return (
    <Table.Tr>
      <Table.Td w={24} c="dimmed">
        {sign ?? ''}
      </Table.Td>
      <Table.Td>
        {to ? (
          <Anchor component={Link} to={to} size="sm" fw={strong ? 700 : 400}>
            {label}
          </Anchor>
        ) : (
          <Text size="sm" fw={strong ? 700 : 400}>
            {label}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" fw={strong ? 700 : 400} data-testid={testId}>
          {formatRupiah(amount)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * A wallet's card: its available amount, then the calculation behind it (`lines`, with an
 * optional `note`) and a link to its statement, or a hint that the role may not see them.
 */
export function WalletCalculation({
  wallet,
  title,
  availableLabel,
  available,
  lines,
  note,
}: {
  wallet: 'income' | 'disburse';
  title: string;
  availableLabel: string;
  available: bigint;
  lines?: ReactNode;
  note?: string;
}) {
  const t = m();
  return (
    <Card withBorder data-testid={`${wallet}-wallet`}>
      <Stack gap="xs">
        <Title order={4}>{title}</Title>
        <Text size="xs" c="dimmed">
          {availableLabel}
        </Text>
        <Text fz={28} fw={700} data-testid={`${wallet}-available`}>
          {formatRupiah(available)}
        </Text>
        {lines ? (
          <>
            <Divider label={t.home.calculation} labelPosition="left" />
            <Table withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>{lines}</Table.Tbody>
            </Table>
            {note && (
              <Text size="xs" c="dimmed">
                {note}
              </Text>
            )}
            <Anchor component={Link} to={`/statements?wallet=${wallet}`} size="sm">
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
  );
}

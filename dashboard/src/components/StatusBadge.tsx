import { Badge, Group, Text } from '@mantine/core';
import { formatRupiah } from '../format';
import { m } from '../i18n/messages';

const COLORS: Record<string, string> = {
  unpaid: 'gray',
  pending: 'yellow',
  done: 'green',
  completed: 'green',
  approved: 'green',
  delivered: 'green',
  expired: 'gray',
  failed: 'red',
  rejected: 'red',
  reversed: 'orange',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="light" data-status={status}>
      {m().status[status] ?? status}
    </Badge>
  );
}

/** What a request just made came to: `label: [status] Rp 1.000.000`. */
export function StatusAmountLine({ label, status, amount, testId }: { label: string; status: string; amount: number | string; testId: string }) {
  return (
    <Group gap="xs" data-testid={testId}>
      <Text size="sm">{label}:</Text>
      <StatusBadge status={status} />
      <Text size="sm">{formatRupiah(amount)}</Text>
    </Group>
  );
}

import { Badge } from '@mantine/core';
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

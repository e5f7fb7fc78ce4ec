import { Table, Text } from '@mantine/core';
import { formatDateTime } from '../format';

/** A time in two short lines (day, then time of day) so that two date columns fit beside the rest. */
export function TwoLineTime({ value }: { value: string | null }) {
  const text = formatDateTime(value);
  const comma = text.indexOf(', ');
  if (comma < 0) return <>{text}</>;
  return (
    <>
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {text.slice(0, comma)}
      </Text>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {text.slice(comma + 2)}
      </Text>
    </>
  );
}

/** A table cell of a `TwoLineTime`. */
export function TwoLineTimeCell({ value }: { value: string | null }) {
  return (
    <Table.Td>
      <TwoLineTime value={value} />
    </Table.Td>
  );
}

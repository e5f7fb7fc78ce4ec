import { DataList, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { CSSProperties, ReactNode } from 'react';

/** One labelled value of a record on its detail page. */
export interface Fact {
  label: string;
  value: ReactNode;
  /** The value's test id. */
  testId?: string;
}

/**
 * A record's facts as a list, each label beside its value. `stackOnPhone` puts labels above
 * values on a phone, for values (ids) that would wrap every few characters beside a label.
 */
export function FactList({
  facts,
  stackOnPhone,
  withDivider,
  testId,
  style,
}: {
  facts: Fact[];
  stackOnPhone?: boolean;
  withDivider?: boolean;
  testId?: string;
  style?: CSSProperties;
}) {
  const narrow = useMediaQuery('(max-width: 36em)') ?? false;
  return (
    <DataList labelWidth={110} orientation={stackOnPhone && narrow ? 'vertical' : 'horizontal'} withDivider={withDivider} data-testid={testId} style={style}>
      {facts.map(({ label, value, testId: valueTestId }) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue data-testid={valueTestId} style={{ minWidth: 0, wordBreak: 'break-word' }}>
            {value}
          </DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}

/** The same facts as a grid, each label over its value: for many short ones. */
export function FactGrid({ facts }: { facts: Fact[] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
      {facts.map(({ label, value }) => (
        <Stack key={label} gap={2}>
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          <div>{value}</div>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

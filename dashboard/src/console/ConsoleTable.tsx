import { Card, Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** A column heading: its label, right-aligned for amounts and counts. */
export type Column = string | { label: string; right?: boolean };

/**
 * A console list: headings and rows in a bordered card that scrolls sideways on a narrow
 * screen rather than squeezing its columns (amounts and ids stay on one line).
 */
export function ConsoleTable({
  columns,
  minWidth = 760,
  testId,
  framed = true,
  children,
}: {
  columns: Column[];
  minWidth?: number;
  testId?: string;
  /** In its own card (default), or inside one already. */
  framed?: boolean;
  children: ReactNode;
}) {
  const table = (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table highlightOnHover data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column, index) =>
              typeof column === 'string' ? (
                <Table.Th key={index}>{column}</Table.Th>
              ) : (
                <Table.Th key={index} ta={column.right ? 'right' : undefined}>
                  {column.label}
                </Table.Th>
              ),
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
  return framed ? (
    <Card withBorder p={0}>
      {table}
    </Card>
  ) : (
    table
  );
}

import { Anchor, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useSession } from '../session';
import { StatusBadge } from './StatusBadge';

/** What a virtual account and a disbursement have in common: status, ids, bank account and amount. */
export interface BankResource {
  id: string;
  external_id: string;
  status: string;
  bank_code: string;
  account_number: string;
  account_name: string;
  amount: number | string;
}

/** The header cells matching `ResourceCells`. */
function ResourceHeadCells() {
  const t = m();
  return (
    <>
      <Table.Th>{t.common.status}</Table.Th>
      <Table.Th>{t.common.externalId}</Table.Th>
      <Table.Th>{t.common.bank}</Table.Th>
      <Table.Th>{t.common.accountNumber}</Table.Th>
      <Table.Th ta="right">{t.common.amount}</Table.Th>
    </>
  );
}

/** A resource's first cells in a table row: status, external id + id, bank, account number + name, amount. */
function ResourceCells({ row }: { row: BankResource }) {
  return (
    <>
      <Table.Td>
        <StatusBadge status={row.status} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{row.external_id}</Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {row.id}
        </Text>
      </Table.Td>
      <Table.Td>{row.bank_code}</Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {row.account_number}
        </Text>
        <Text size="xs" c="dimmed">
          {row.account_name}
        </Text>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {formatRupiah(row.amount)}
      </Table.Td>
    </>
  );
}

/**
 * A table of resources: the shared cells, one column of the resource's own (`extraHead`/`extraCell`)
 * and, in development, a link to the sandbox for the rows `sandboxLink` gives one for.
 */
export function ResourceTable<T extends BankResource>({
  rows,
  testId,
  rowTestId,
  highlightOnHover,
  extraHead,
  extraCell,
  sandboxLink,
  sandboxLabel,
}: {
  rows: T[];
  testId: string;
  rowTestId: (row: T) => string;
  highlightOnHover?: boolean;
  extraHead: ReactNode;
  extraCell: (row: T) => ReactNode;
  sandboxLink: (row: T) => string | null;
  sandboxLabel: string;
}) {
  const { environment } = useSession();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover={highlightOnHover} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <ResourceHeadCells />
            {extraHead}
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const sandbox = environment === 'development' ? sandboxLink(row) : null;
            return (
              <Table.Tr key={row.id} data-testid={rowTestId(row)}>
                <ResourceCells row={row} />
                {extraCell(row)}
                <Table.Td>
                  {sandbox && (
                    <Anchor component={Link} to={sandbox} size="sm">
                      {sandboxLabel}
                    </Anchor>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

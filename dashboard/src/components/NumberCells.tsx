import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Two table cells: `first` as it is, then a number in monospace over a dimmed note (whose it is, where). */
export function NumberCells({ first, number, note }: { first: ReactNode; number: string; note: ReactNode }) {
  return (
    <>
      <Table.Td>{first}</Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {number}
        </Text>
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      </Table.Td>
    </>
  );
}

/** A bank account's cells: the bank's code, then the account number over the holder's name. */
export function BankAccountCells({ account }: { account: { bank_code: string; account_number: string; account_name: string } }) {
  return <NumberCells first={account.bank_code} number={account.account_number} note={account.account_name} />;
}

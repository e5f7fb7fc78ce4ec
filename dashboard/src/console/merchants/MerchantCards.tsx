import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { FactList } from '../../components/Facts';
import { TwoLineTimeCell } from '../../components/TwoLineTime';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { formatDateTime, formatRupiah } from '../../format';

type Merchant = Schemas['MerchantDto'];
type Environment = 'development' | 'production';

/** Production first: that is where the money is. */
const ENVIRONMENTS: Environment[] = ['production', 'development'];
const ENVIRONMENT_LABEL: Record<Environment, string> = { production: 'Production', development: 'Development' };

/** A card with a title, an optional note beside it, and the state of the query that fills it. */
function QueryCard<T>({ title, note, query, testId, children }: {
  title: string;
  note?: ReactNode;
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  testId: string;
  children: (data: T) => ReactNode;
}) {
  return (
    <Card withBorder data-testid={testId}>
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Title order={4}>{title}</Title>
          {note}
        </Group>
        {query.isPending && <Loading />}
        {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
        {query.data !== undefined && children(query.data)}
      </Stack>
    </Card>
  );
}

const WALLET_COLUMNS: { key: keyof Schemas['MerchantWalletsDto']['production']['income']; label: string }[] = [
  { key: 'available', label: 'Available now' },
  { key: 'pending_incoming', label: 'Pending settlement' },
  { key: 'reserved', label: 'Reserved (in flight)' },
  { key: 'credited', label: 'Credited, all time' },
  { key: 'debited', label: 'Debited, all time' },
];

/** Both wallets in both environments, from the ledger. */
export function WalletsCard({ merchantId }: { merchantId: string }) {
  const wallets = useQuery({
    queryKey: ['console-merchant', merchantId, 'wallets'],
    queryFn: () => unwrap(api.GET('/admin/merchants/{id}/wallets', { params: { path: { id: merchantId } } })),
  });
  return (
    <QueryCard title="Wallets" query={wallets} testId="merchant-wallets">
      {(data) => (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Wallet</Table.Th>
                  {WALLET_COLUMNS.map((column) => (
                    <Table.Th key={column.key} ta="right">
                      {column.label}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ENVIRONMENTS.flatMap((environment) =>
                  (['income', 'disburse'] as const).map((kind) => (
                    <Table.Tr key={`${environment}-${kind}`}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {kind === 'income' ? 'Income' : 'Disburse'}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {ENVIRONMENT_LABEL[environment]}
                        </Text>
                      </Table.Td>
                      {WALLET_COLUMNS.map((column) => (
                        <Table.Td key={column.key} ta="right" style={{ whiteSpace: 'nowrap' }} data-testid={`wallet-${environment}-${kind}-${column.key}`}>
                          <Text size="sm" fw={column.key === 'available' ? 700 : 400}>
                            {formatRupiah(data[environment][kind][column.key])}
                          </Text>
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  )),
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed">
            Income: credited are settled payments, debited completed withdrawals. Disburse: credited are approved top-ups, debited completed
            disbursements and reversed top-ups. Available = credited − debited − reserved.
          </Text>
        </>
      )}
    </QueryCard>
  );
}

/** The people who sign in to the merchant's dashboard. */
export function PeopleCard({ merchantId }: { merchantId: string }) {
  const people = useQuery({
    queryKey: ['console-merchant', merchantId, 'people'],
    queryFn: () => unwrap(api.GET('/admin/merchants/{id}/people', { params: { path: { id: merchantId } } })),
  });
  return (
    <QueryCard title="People" query={people} testId="merchant-people">
      {(data) =>
        data.length === 0 ? (
          <EmptyState>Nobody signs in to this merchant&apos;s dashboard yet.</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={400}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Added</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((person) => (
                  <Table.Tr key={person.id}>
                    <Table.Td>{person.name}</Table.Td>
                    <Table.Td>{person.email}</Table.Td>
                    <Table.Td>
                      <Badge miw="max-content" variant="light" color={person.role === 'owner' ? 'indigo' : 'gray'}>
                        {person.role}
                      </Badge>
                    </Table.Td>
                    <TwoLineTimeCell value={person.created_at} />
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryCard>
  );
}

/** The active key of each environment by its last four characters: the keys themselves are never shown again. */
export function ApiKeysCard({ merchant }: { merchant: Merchant }) {
  return (
    <Card withBorder data-testid="merchant-api-keys">
      <Stack gap="sm">
        <Title order={4}>API keys</Title>
        <FactList
          withDivider
          facts={ENVIRONMENTS.map((environment) => {
            const key = merchant.api_keys[environment];
            return {
              label: ENVIRONMENT_LABEL[environment],
              testId: `api-key-${environment}`,
              value: key ? (
                <Text size="sm">
                  <Text span ff="monospace">
                    {key.hint}
                  </Text>{' '}
                  <Text span c="dimmed" size="xs">
                    issued {formatDateTime(key.created_at)}
                  </Text>
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  No active key (revoked)
                </Text>
              ),
            };
          })}
        />
        <Text size="xs" c="dimmed">
          Palladium keeps only the keys&apos; hashes: a lost key is rotated, never shown again.
        </Text>
      </Stack>
    </Card>
  );
}

type CallbackHealth = Schemas['MerchantCallbackHealthDto']['production'];

function lastAttemptOutcome(attempt: NonNullable<CallbackHealth['last_attempt']>) {
  if (attempt.delivered) return <Badge miw="max-content" color="green" variant="light">delivered{attempt.status_code ? ` (${attempt.status_code})` : ''}</Badge>;
  return (
    <Badge miw="max-content" color="red" variant="light">
      {attempt.status_code ? `HTTP ${attempt.status_code}` : 'not reached'}
    </Badge>
  );
}

function countBadge(count: number, color: string) {
  return (
    <Badge miw="max-content" color={count > 0 ? color : 'gray'} variant={count > 0 ? 'filled' : 'light'}>
      {count}
    </Badge>
  );
}

/** Per environment: callbacks waiting, retrying and given up, and how the newest attempt went. */
export function CallbackHealthCard({ merchantId }: { merchantId: string }) {
  const health = useQuery({
    queryKey: ['console-merchant', merchantId, 'callback-health'],
    queryFn: () => unwrap(api.GET('/admin/merchants/{id}/callback-health', { params: { path: { id: merchantId } } })),
  });
  return (
    <QueryCard
      title="Callback health"
      query={health}
      testId="merchant-callback-health"
      note={
        <Anchor component={Link} to="/callbacks" size="sm">
          All callbacks
        </Anchor>
      }
    >
      {(data) => (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {ENVIRONMENTS.map((environment) => {
            const env = data[environment];
            const attempt = env.last_attempt;
            return (
              <Stack key={environment} gap={4} data-testid={`callback-health-${environment}`}>
                <Text fw={600} size="sm">
                  {ENVIRONMENT_LABEL[environment]}
                </Text>
                <FactList
                  facts={[
                    { label: 'Pending', value: countBadge(env.pending, 'yellow') },
                    { label: 'Retrying', value: countBadge(env.retrying, 'orange') },
                    { label: 'Failed', value: countBadge(env.failed, 'red'), testId: `callback-failed-${environment}` },
                    {
                      label: 'Last attempt',
                      value: attempt ? (
                        <Stack gap={2}>
                          <Group gap="xs">
                            {lastAttemptOutcome(attempt)}
                            <Text size="xs" c="dimmed">
                              {formatDateTime(attempt.attempted_at)}
                            </Text>
                          </Group>
                          <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                            {attempt.url}
                          </Text>
                          {attempt.error && (
                            <Text size="xs" c="red.8">
                              {attempt.error}
                            </Text>
                          )}
                        </Stack>
                      ) : (
                        <Text size="sm" c="dimmed">
                          None yet
                        </Text>
                      ),
                    },
                  ]}
                />
              </Stack>
            );
          })}
        </SimpleGrid>
      )}
    </QueryCard>
  );
}

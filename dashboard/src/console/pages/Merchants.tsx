import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { FactList } from '../../components/Facts';
import { TwoLineTimeCell } from '../../components/TwoLineTime';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { formatDateTime } from '../../format';
import { ConsolePage } from '../ConsoleShell';
import { CreateMerchant } from '../merchants/CreateMerchant';
import { ApiKeysCard, CallbackHealthCard, PeopleCard, WalletsCard } from '../merchants/MerchantCards';
import { MerchantControls, SuspendedBanner } from '../merchants/MerchantControls';
import { useConsoleSession } from '../session';

type Merchant = Schemas['MerchantDto'];

/** Production on or off, and suspended: a merchant's standing at a glance. */
function StandingBadges({ merchant }: { merchant: Merchant }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Badge miw="max-content" color={merchant.production_enabled ? 'green' : 'gray'} variant="light" data-testid="production-badge">
        {merchant.production_enabled ? 'production on' : 'production off'}
      </Badge>
      {merchant.suspended_at && (
        <Badge miw="max-content" color="red" variant="filled" data-testid="suspended-badge">
          suspended
        </Badge>
      )}
    </Group>
  );
}

/** `/merchants`: every merchant (newest first), found by name or email; operators create merchants here. */
export function MerchantsPage() {
  const { can } = useConsoleSession();
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const merchants = useQuery({
    queryKey: ['console-merchants', debounced],
    queryFn: () => unwrap(api.GET('/admin/merchants', { params: { query: debounced ? { search: debounced } : {} } })),
    placeholderData: (previous) => previous,
  });
  // The API lists oldest first; operators look for the newest.
  const rows = merchants.data ? [...merchants.data].reverse() : undefined;
  return (
    <ConsolePage
      title="Merchants"
      lead="Every merchant: whether production is on, whether it is suspended. Open one for its wallets, people, keys and callbacks."
      actions={
        can('operator') && (
          <Button variant={creating ? 'default' : 'filled'} onClick={() => setCreating(!creating)}>
            {creating ? 'Close' : 'Create a merchant'}
          </Button>
        )
      }
    >
      {creating && <CreateMerchant />}
      <Card withBorder>
        <Stack gap="sm">
          <TextInput label="Find a merchant" placeholder="Part of the name or email" maw={360} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
          {merchants.isPending && <Loading />}
          {merchants.isError && <ErrorState error={merchants.error} onRetry={() => void merchants.refetch()} />}
          {rows?.length === 0 && <EmptyState>{debounced ? `No merchant matches “${debounced}”.` : 'No merchants yet.'}</EmptyState>}
          {!!rows?.length && (
            <Table.ScrollContainer minWidth={760}>
              <Table striped highlightOnHover data-testid="merchants-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>Standing</Table.Th>
                    <Table.Th>Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((merchant) => (
                    <Table.Tr key={merchant.id} data-testid={`merchant-row-${merchant.email}`}>
                      <Table.Td>
                        <Anchor component={Link} to={`/merchants/${merchant.id}`} fw={600} size="sm">
                          {merchant.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{merchant.email}</Text>
                      </Table.Td>
                      <Table.Td>
                        <StandingBadges merchant={merchant} />
                      </Table.Td>
                      <TwoLineTimeCell value={merchant.created_at} />
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>
    </ConsolePage>
  );
}

/** `/merchants/:id`: one merchant's standing and controls, wallets, people, key hints and callback health. */
export function MerchantPage() {
  const { id = '' } = useParams();
  const merchant = useQuery({
    queryKey: ['console-merchant', id],
    queryFn: () => unwrap(api.GET('/admin/merchants/{id}', { params: { path: { id } } })),
  });
  const data = merchant.data;
  return (
    <ConsolePage
      title={data?.name ?? 'Merchant'}
      lead={
        <Anchor component={Link} to="/merchants" size="sm">
          ← All merchants
        </Anchor>
      }
      actions={data && <StandingBadges merchant={data} />}
    >
      {merchant.isPending && <Loading />}
      {merchant.isError && <ErrorState error={merchant.error} onRetry={() => void merchant.refetch()} />}
      {data && (
        <>
          <SuspendedBanner merchant={data} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Card withBorder>
              <FactList
                withDivider
                stackOnPhone
                facts={[
                  { label: 'Email', value: data.email, testId: 'merchant-email' },
                  { label: 'Merchant id', value: <Text size="sm" ff="monospace">{data.id}</Text> },
                  { label: 'Created', value: formatDateTime(data.created_at) },
                ]}
              />
            </Card>
            <MerchantControls merchant={data} />
          </SimpleGrid>
          <WalletsCard merchantId={data.id} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <PeopleCard merchantId={data.id} />
            <ApiKeysCard merchant={data} />
          </SimpleGrid>
          <CallbackHealthCard merchantId={data.id} />
        </>
      )}
    </ConsolePage>
  );
}

import { Button, Card, Group, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { m } from '../i18n/messages';
import { useEnvKey } from '../session';
import { EmptyState, ErrorState, Loading } from './states';

/** A card to look resources up by external id; `children` renders the rows found. */
export function FindByExternalId<T>({
  resource,
  find,
  label,
  placeholder,
  emptyHint,
  notFound,
  children,
}: {
  resource: string;
  find: (externalId: string) => Promise<T[]>;
  label: string;
  placeholder?: string;
  emptyHint: string;
  notFound: string;
  children: (rows: T[]) => ReactNode;
}) {
  const t = m();
  const [input, setInput] = useState('');
  const [externalId, setExternalId] = useState<string | null>(null);
  const key = useEnvKey(resource, 'find', externalId);
  const found = useQuery({
    queryKey: key,
    enabled: externalId !== null,
    queryFn: () => find(externalId!),
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setExternalId(input.trim() || null);
          }}
        >
          <Group align="flex-end">
            <TextInput label={label} placeholder={placeholder} value={input} onChange={(e) => setInput(e.currentTarget.value)} style={{ flex: 1 }} />
            <Button type="submit" variant="light">
              {t.common.search}
            </Button>
          </Group>
        </form>
        {externalId === null && <EmptyState>{emptyHint}</EmptyState>}
        {externalId !== null && found.isPending && <Loading />}
        {found.isError && <ErrorState error={found.error} onRetry={() => void found.refetch()} />}
        {found.data && found.data.length === 0 && <EmptyState>{notFound}</EmptyState>}
        {found.data && found.data.length > 0 && children(found.data)}
      </Stack>
    </Card>
  );
}

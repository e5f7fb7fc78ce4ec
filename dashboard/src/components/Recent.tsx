import { Card, Stack, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { m } from '../i18n/messages';
import { useEnvKey } from '../session';

/** Resources created in this session (kept in the query cache only), newest first. */
export function useRecent<T>(resource: string) {
  const queryClient = useQueryClient();
  const key = useEnvKey(resource, 'recent');
  const recent = useQuery<T[]>({ queryKey: key, queryFn: () => [], staleTime: Infinity, gcTime: Infinity });
  const add = (rows: T[]) => queryClient.setQueryData<T[]>(key, (current = []) => [...rows, ...current]);
  return { rows: recent.data ?? [], add };
}

/** The "created in this session" card; hidden while there is nothing to show. */
export function RecentCard({ count, children }: { count: number; children: ReactNode }) {
  if (count === 0) return null;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{m().virtualAccounts.recent}</Title>
        {children}
      </Stack>
    </Card>
  );
}

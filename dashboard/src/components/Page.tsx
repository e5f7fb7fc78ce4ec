import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { EnvironmentBadge } from './Shell';

export interface PageProps {
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}

/** A page of either app: its title (and `badge` beside it), an optional lead and actions, then its content. */
export function PageFrame({ title, badge, lead, actions, children, maxWidth = 1100 }: PageProps & { badge?: ReactNode; maxWidth?: number }) {
  return (
    <Stack gap="md" maw={maxWidth} mx="auto">
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={2}>{title}</Title>
            {badge}
          </Group>
          {lead && (
            <Text c="dimmed" size="sm" maw={760}>
              {lead}
            </Text>
          )}
        </Stack>
        {actions}
      </Group>
      {children}
    </Stack>
  );
}

/** A dashboard page: its title with the environment it shows. */
export function Page(props: PageProps) {
  return <PageFrame {...props} badge={<EnvironmentBadge />} />;
}

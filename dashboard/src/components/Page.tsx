import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { EnvironmentBadge } from './Shell';

/** A page: its title with the environment it shows, an optional lead, then its content. */
export function Page({ title, lead, children, actions }: { title: string; lead?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <Stack gap="md" maw={1100} mx="auto">
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={2}>{title}</Title>
            <EnvironmentBadge />
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

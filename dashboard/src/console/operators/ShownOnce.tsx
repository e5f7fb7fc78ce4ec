import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { CopyValue } from '../../components/CopyValue';

/** One secret of a `ShownOnce`: what it is, and its value (with a copy button). */
export interface ShownSecret {
  label: string;
  value: string;
  testId: string;
}

/**
 * Secrets the server shows only in one answer (API keys, a first password, a token): each
 * with a copy button, a reminder that Palladium keeps no copy, and a button to put them away.
 */
export function ShownOnce({ title, lead, secrets, onDismiss, testId }: { title: string; lead: ReactNode; secrets: ShownSecret[]; onDismiss: () => void; testId: string }) {
  return (
    <Alert color="yellow" title={title} data-testid={testId}>
      <Stack gap="sm">
        <Text size="sm">{lead}</Text>
        {secrets.map((secret) => (
          <Stack key={secret.testId} gap={4}>
            <Text size="sm" fw={600}>
              {secret.label}
            </Text>
            <CopyValue value={secret.value} testId={secret.testId} />
          </Stack>
        ))}
        <Group>
          <Button size="xs" variant="light" onClick={onDismiss}>
            I have copied it: hide
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

import { Button, Card, Group, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A card holding one form: its title, the fields and messages (`children`), then the submit button. */
export function FormCard({
  title,
  onSubmit,
  submitLabel,
  submitting,
  submitDisabled,
  children,
}: {
  title: ReactNode;
  onSubmit: () => void;
  submitLabel: ReactNode;
  submitting: boolean;
  submitDisabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Card withBorder>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <Stack gap="sm">
          <Title order={4}>{title}</Title>
          {children}
          <Group>
            <Button type="submit" loading={submitting} disabled={submitDisabled}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

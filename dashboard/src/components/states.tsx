import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { m } from '../i18n/messages';

export function Loading({ label }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {label ?? m().common.loading}
        </Text>
      </Stack>
    </Center>
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.fieldErrors.map((field) => `${field.field}: ${field.message}`);
    return [`${error.message}`, ...fields].join(' · ') + (error.code ? ` (${error.code})` : '');
  }
  return error instanceof Error ? error.message : String(error);
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert color="red" title={m().common.errorTitle} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {m().common.retry}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <Center py="lg">
      <Text c="dimmed" size="sm" ta="center">
        {children}
      </Text>
    </Center>
  );
}

export function NotAllowed({ message }: { message?: string }) {
  return (
    <Alert color="gray" data-testid="not-allowed">
      {message ?? m().common.notAllowed}
    </Alert>
  );
}

import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Environment } from '../api/client';
import { dashboardApi, type RotatedKey } from '../api/dashboard';
import { CopyValue } from '../components/CopyValue';
import { Page } from '../components/Page';
import { ENVIRONMENT_COLOR } from '../components/Shell';
import { ErrorState, Loading, NotAllowed } from '../components/states';
import { formatDateTime } from '../format';
import { m } from '../i18n/messages';
import { useSession } from '../session';

export function ApiKeysPage() {
  const t = m();
  const { can, session } = useSession();
  const queryClient = useQueryClient();
  const mayRotate = can('manageKeys');
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: dashboardApi.apiKeys, enabled: mayRotate });
  const [rotated, setRotated] = useState<RotatedKey | null>(null);
  const rotate = useMutation({
    mutationFn: (environment: Environment) => dashboardApi.rotateApiKey(environment),
    onSuccess: (result) => {
      setRotated(result);
      void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  if (!mayRotate) {
    return (
      <Page title={t.apiKeys.title} lead={t.apiKeys.lead}>
        <NotAllowed />
      </Page>
    );
  }
  return (
    <Page title={t.apiKeys.title} lead={t.apiKeys.lead}>
      {rotated && (
        <Alert color="yellow" title={`${t.apiKeys.newKey} · ${t.environment[rotated.environment]}`} data-testid="rotated-key" withCloseButton onClose={() => setRotated(null)}>
          <Stack gap="xs">
            <Text size="sm">{t.apiKeys.newKeyNote}</Text>
            <CopyValue value={rotated.api_key} testId="rotated-key-value" />
          </Stack>
        </Alert>
      )}
      {rotate.isError && <ErrorState error={rotate.error} />}
      {keys.isPending && <Loading />}
      {keys.isError && <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />}
      {keys.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {(['development', 'production'] as const).map((environment) => {
            const key = keys.data[environment];
            const productionOff = environment === 'production' && !session?.merchant.production_enabled;
            return (
              <Card withBorder key={environment} data-testid={`key-${environment}`} style={{ borderTop: `3px solid var(--mantine-color-${ENVIRONMENT_COLOR[environment]}-6)` }}>
                <Stack gap="xs">
                  <Title order={4}>
                    {t.apiKeys.accessToken} · {t.environment[environment]}
                  </Title>
                  {key ? (
                    <>
                      <Text size="sm">
                        {t.apiKeys.hint} <strong data-testid={`key-hint-${environment}`}>{key.hint}</strong>
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t.apiKeys.createdAt} {formatDateTime(key.created_at)}
                      </Text>
                    </>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t.apiKeys.none}
                    </Text>
                  )}
                  {productionOff && (
                    <Text size="xs" c="dimmed">
                      {t.apiKeys.productionDisabled}
                    </Text>
                  )}
                  {mayRotate && (
                    <Group>
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        disabled={productionOff}
                        loading={rotate.isPending && rotate.variables === environment}
                        onClick={() => {
                          if (window.confirm(t.apiKeys.rotateConfirm)) rotate.mutate(environment);
                        }}
                      >
                        {t.apiKeys.rotate}
                      </Button>
                    </Group>
                  )}
                </Stack>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
    </Page>
  );
}

import { Anchor, Badge, Button, Card, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { CopyValue } from '../components/CopyValue';
import { Page } from '../components/Page';
import { ErrorState, Loading, NotAllowed } from '../components/states';
import { formatDateTime } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';

type EventType = Schemas['TestCallbackDto']['event_type'];
type TestResult = Schemas['TestCallbackResultDto'];

export const EVENT_TYPES: EventType[] = [
  'virtual_account.created',
  'virtual_account.paid',
  'retail_payment.created',
  'retail_payment.paid',
  'payment.settled',
  'disbursement.completed',
  'disbursement.failed',
  'batch_disbursement.completed',
  'top_up.approved',
  'top_up.rejected',
  'withdrawal.completed',
  'withdrawal.failed',
];

function Credentials({ editable }: { editable: boolean }) {
  const t = m().callbacks;
  const key = useEnvKey('callback-credentials');
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState(false);
  const credentials = useQuery({ queryKey: key, queryFn: () => unwrap(api.GET('/api/v2/callback-secrets')) });
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v2/callback-secrets/rotate-signing-secret')),
    onSuccess: (data) => queryClient.setQueryData(key, data),
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t.credentials}</Title>
        {credentials.isPending && <Loading />}
        {credentials.isError && <ErrorState error={credentials.error} onRetry={() => void credentials.refetch()} />}
        {credentials.data && (
          <>
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t.callbackToken}
              </Text>
              <CopyValue value={credentials.data.callback_token} testId="callback-token" />
            </Stack>
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t.signingSecret}
              </Text>
              {revealed ? (
                <CopyValue value={credentials.data.signing_secret} testId="signing-secret" />
              ) : (
                <Code data-testid="signing-secret-masked">whsec_••••••••••••••••</Code>
              )}
              <Group gap="xs">
                <Button size="compact-xs" variant="light" onClick={() => setRevealed(!revealed)}>
                  {revealed ? t.hide : t.reveal}
                </Button>
                {editable && (
                  <Button
                    size="compact-xs"
                    variant="light"
                    color="red"
                    loading={rotate.isPending}
                    onClick={() => {
                      if (window.confirm(t.rotateSecretConfirm)) rotate.mutate();
                    }}
                  >
                    {t.rotateSecret}
                  </Button>
                )}
              </Group>
              {credentials.data.previous_signing_secret_expires_at && (
                <Text size="xs" c="dimmed">
                  {t.previousSecret} {formatDateTime(credentials.data.previous_signing_secret_expires_at)}
                </Text>
              )}
              {rotate.isError && <ErrorState error={rotate.error} />}
            </Stack>
          </>
        )}
      </Stack>
    </Card>
  );
}

function UrlRow({ eventType, current, editable }: { eventType: EventType; current: string | null; editable: boolean }) {
  const t = m().callbacks;
  const key = useEnvKey('callback-urls');
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(current ?? '');
  const [result, setResult] = useState<TestResult | null>(null);
  const save = useMutation({
    mutationFn: async (value: string) => {
      const saved = await unwrap(api.PUT('/api/v2/callback-urls', { body: { [eventType]: value === '' ? null : value } }));
      queryClient.setQueryData(key, saved);
      if (value === '') return null;
      return unwrap(api.POST('/api/v2/callback-urls/test', { body: { event_type: eventType } }));
    },
    onMutate: () => setResult(null),
    onSuccess: (tested) => setResult(tested),
  });
  const slug = eventType.replace('.', '-');
  return (
    <Table.Tr data-testid={`callback-${slug}`}>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Text size="sm" fw={600}>
          {t.events[eventType]}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {eventType}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={6}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <TextInput
              aria-label={`${eventType} URL`}
              placeholder="https://your-server.example/callbacks"
              value={url}
              onChange={(event) => setUrl(event.currentTarget.value)}
              disabled={!editable}
              style={{ flex: 1 }}
            />
            {editable && (
              <Button size="sm" loading={save.isPending} onClick={() => save.mutate(url.trim())}>
                {url.trim() === '' && current ? t.remove : t.testAndSave}
              </Button>
            )}
          </Group>
          {save.isError && <ErrorState error={save.error} />}
          {result && (
            <Stack gap={4} data-testid={`callback-result-${slug}`}>
              <Group gap="xs">
                <Badge color={result.delivered ? 'green' : 'red'} variant="light">
                  {result.delivered ? t.delivered : t.notDelivered}
                </Badge>
                <Text size="sm">
                  {t.answer}: <strong>{result.status_code ?? result.error}</strong> · {result.latency_ms} {t.latency}
                </Text>
              </Group>
              {result.response_snippet && <Code block>{result.response_snippet}</Code>}
              <Text size="xs" c={result.delivered ? 'dimmed' : 'red'}>
                {result.delivered ? t.saved : t.savedNotDelivered}
              </Text>
            </Stack>
          )}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

export function CallbacksPage() {
  const t = m();
  const { can } = useSession();
  const key = useEnvKey('callback-urls');
  const urls = useQuery({ queryKey: key, queryFn: () => unwrap(api.GET('/api/v2/callback-urls')) });
  const editable = can('manageCallbacks');
  return (
    <Page
      title={t.callbacks.title}
      actions={
        <Anchor component={Link} to="/callbacks" size="sm">
          {t.callbackLog.settingsLink}
        </Anchor>
      }
    >
      {!editable && <NotAllowed message={t.common.readOnly} />}
      {editable && <Credentials editable={editable} />}
      <Card withBorder>
        <Stack gap="sm">
          <Title order={4}>{t.callbacks.urls}</Title>
          <Text size="sm" c="dimmed">
            {t.callbacks.urlsLead}
          </Text>
          {urls.isPending && <Loading />}
          {urls.isError && <ErrorState error={urls.error} onRetry={() => void urls.refetch()} />}
          {urls.data && (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="sm">
                <Table.Tbody>
                  {EVENT_TYPES.map((eventType) => (
                    <UrlRow key={`${String(key[0])}-${eventType}`} eventType={eventType} current={(urls.data as Record<string, string | null>)[eventType] ?? null} editable={editable} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>
    </Page>
  );
}

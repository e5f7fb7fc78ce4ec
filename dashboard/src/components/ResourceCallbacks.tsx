import { Anchor, Badge, Card, Group, Stack, Table, Text, Title, type MantineSize } from '@mantine/core';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { EventTypeLabel } from '../callbacks/CallbackEventDetail';
import { formatDateTime } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey } from '../session';
import { PagedTable, useCursorPages } from './PagedTable';

type CallbackEvent = Schemas['CallbackEventDto'];

/** A callback delivery status's colour, in badges and timeline bullets. */
export const CALLBACK_STATUS_COLORS: Record<CallbackEvent['status'], string> = { pending: 'yellow', delivered: 'green', failed: 'red', no_url: 'gray' };

/** A callback's delivery status in the words of a resource's page ("Sending", "Not delivered"). */
export function CallbackStatusBadge({ status, size }: { status: CallbackEvent['status']; size?: MantineSize }) {
  return (
    <Badge color={CALLBACK_STATUS_COLORS[status]} variant="light" size={size} data-status={status}>
      {m().resourceCallbacks.status[status] ?? status}
    </Badge>
  );
}

/** What the merchant's server answered the last try: `200 · 42 ms`, or the error. */
function lastAnswer(event: CallbackEvent): string {
  const last = event.attempts[event.attempts.length - 1];
  if (!last) return '—';
  const answer = last.error ?? (last.status_code === null ? '—' : String(last.status_code));
  return `${answer} · ${last.latency_ms} ms`;
}

/**
 * The callbacks sent about one resource (its id is the events' `resource_id`), newest first,
 * with a link to the callback log filtered on it for the payloads and a resend.
 */
export function ResourceCallbacks({ resourceId }: { resourceId: string }) {
  const t = m();
  const text = t.resourceCallbacks;
  const paged = useCursorPages({
    queryKey: useEnvKey('callbacks', { resource_id: resourceId }),
    fetchPage: (cursor) => unwrap(api.GET('/api/v2/callbacks', { params: { query: { resource_id: resourceId, limit: 10, ...(cursor ? { cursor } : {}) } } })),
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{text.title}</Title>
          <Anchor component={Link} to={`/callbacks?resource_id=${encodeURIComponent(resourceId)}`} size="sm">
            {text.log}
          </Anchor>
        </Group>
        <PagedTable
          paged={paged}
          empty={text.empty}
          minWidth={640}
          testId="resource-callbacks"
          head={
            <>
              <Table.Th>{text.event}</Table.Th>
              <Table.Th>{t.common.status}</Table.Th>
              <Table.Th>{text.sent}</Table.Th>
              <Table.Th ta="right">{text.attempts}</Table.Th>
              <Table.Th>{text.lastAnswer}</Table.Th>
            </>
          }
        >
          {(event) => (
            <Table.Tr key={event.id} data-testid={`resource-callback-${event.event}`}>
              <Table.Td>
                <EventTypeLabel type={event.event} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <CallbackStatusBadge status={event.status} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.created)}</Table.Td>
              <Table.Td ta="right">{event.attempts.length}</Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {lastAnswer(event)}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </PagedTable>
      </Stack>
    </Card>
  );
}

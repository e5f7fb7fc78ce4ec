import { Alert, Badge, Button, Code, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { EventTypeLabel, useRefreshWhileDue } from '../../callbacks/CallbackEventDetail';
import { CALLBACK_STATUSES, type CallbackStatus } from '../../callbacks/callback-log';
import { CallbackStatusBadge } from '../../components/ResourceCallbacks';
import { PagedTable, ScrollTable, useCursorPages } from '../../components/PagedTable';
import { TwoLineTime } from '../../components/TwoLineTime';
import { ErrorState, Loading } from '../../components/states';
import { formatDateTime } from '../../format';
import { ConsolePage } from '../ConsoleShell';
import { formatAge } from '../operations/age';
import { Age, EnvironmentSwitch, EnvironmentTag, Figure, MerchantCell, SectionCard, useMerchantNames, type EnvironmentChoice } from '../operations/common';
import { useConsoleSession } from '../session';

type Health = Schemas['CallbackHealthDto'];
type FailingEndpoint = Health['failing_endpoints'][number];
type CallbackEvent = Schemas['AdminCallbackEventDto'];

const PAGE_SIZE = 25;
/** Due events waiting longer than this mean the workers are behind (they poll every few hundred ms). */
const BEHIND_MS = 60_000;
const HEALTH_REFRESH_MS = 15_000;

const STATUS_LABELS: Record<CallbackStatus, string> = { pending: 'Pending (sending or retrying)', delivered: 'Delivered', failed: 'Failed', no_url: 'No URL set' };

/** The page's filters, kept in its address so a filtered view is a link. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const environmentParam = params.get('environment');
  const statusParam = params.get('status');
  const filters = {
    environment: (environmentParam === 'production' || environmentParam === 'development' ? environmentParam : 'all') as EnvironmentChoice,
    status: (CALLBACK_STATUSES as readonly string[]).includes(statusParam ?? '') ? (statusParam as CallbackStatus) : null,
    merchantId: params.get('merchant'),
  };
  const change = (next: Partial<typeof filters>) => {
    const merged = { ...filters, ...next };
    const search = new URLSearchParams();
    if (merged.environment !== 'all') search.set('environment', merged.environment);
    if (merged.status) search.set('status', merged.status);
    if (merged.merchantId) search.set('merchant', merged.merchantId);
    setParams(search, { replace: true });
  };
  return { filters, change };
}

/**
 * Callbacks across merchants: the delivery backlog, the merchant endpoints failing (retrying
 * or failed events grouped by merchant and URL), and every event with its attempts, which
 * operators can resend (after the merchant fixed the endpoint, say).
 */
export function CallbacksPage() {
  const { filters, change } = useFilters();
  const environment = filters.environment === 'all' ? undefined : filters.environment;
  const health = useQuery({
    queryKey: ['admin-callback-health', filters.environment],
    refetchInterval: HEALTH_REFRESH_MS,
    queryFn: () => unwrap(api.GET('/admin/callbacks/health', { params: { query: environment ? { environment } : {} } })),
  });
  return (
    <ConsolePage
      title="Callbacks"
      lead="The events Palladium sends to merchants' servers. The backlog should stay near zero; a failing endpoint is the merchant's to fix, and once it is fixed you can resend its events here. Failed events count from 7 days ago."
      actions={<EnvironmentSwitch value={filters.environment} onChange={(value) => change({ environment: value })} />}
    >
      {health.isPending && <Loading />}
      {health.isError && <ErrorState error={health.error} onRetry={() => void health.refetch()} />}
      {health.data && (
        <>
          <Backlog health={health.data} />
          <FailingEndpoints endpoints={health.data.failing_endpoints} onShow={(endpoint) => change({ merchantId: endpoint.merchant_id, environment: endpoint.environment, status: null })} />
        </>
      )}
      <EventList filters={filters} onChange={change} />
    </ConsolePage>
  );
}

function Backlog({ health }: { health: Health }) {
  const { backlog } = health;
  const now = new Date(health.generated_at).getTime();
  const waited = backlog.oldest_due_at ? now - new Date(backlog.oldest_due_at).getTime() : 0;
  return (
    <SectionCard
      title="Backlog"
      testId="callback-backlog"
      aside={
        <Text size="xs" c="dimmed">
          Updated {formatDateTime(health.generated_at)}
        </Text>
      }
    >
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
        <Figure label="Due now" value={backlog.due_now} testId="backlog-due-now" color={waited > BEHIND_MS ? 'red' : undefined} note="waiting for a worker" />
        <Figure
          label="Oldest due for"
          value={backlog.oldest_due_at ? formatAge(waited) : '—'}
          testId="backlog-oldest-due"
          color={waited > BEHIND_MS ? 'red' : undefined}
          note={waited > BEHIND_MS ? 'workers are behind' : 'nothing is late'}
        />
        <Figure label="Retrying" value={backlog.retrying} testId="backlog-retrying" color={backlog.retrying > 0 ? 'orange' : undefined} note="after a failed attempt" />
        <Figure label="Being sent" value={backlog.in_flight} testId="backlog-in-flight" />
        <Figure label="Pending in all" value={backlog.pending} testId="backlog-pending" />
        <Figure label="Failed" value={backlog.failed} testId="backlog-failed" color={backlog.failed > 0 ? 'red' : undefined} note={`since ${formatDateTime(health.failed_since)}`} />
      </SimpleGrid>
    </SectionCard>
  );
}

function FailingEndpoints({ endpoints, onShow }: { endpoints: FailingEndpoint[]; onShow: (endpoint: FailingEndpoint) => void }) {
  const { nameOf } = useMerchantNames();
  const now = Date.now();
  return (
    <SectionCard title="Failing endpoints" testId="failing-endpoints">
      {endpoints.length === 0 ? (
        <Text size="sm" c="dimmed">
          No endpoint is failing: every event is delivered or on its first try.
        </Text>
      ) : (
        <ScrollTable
          minWidth={900}
          testId="failing-endpoints-table"
          head={
            <>
              <Table.Th>Merchant</Table.Th>
              <Table.Th>Endpoint</Table.Th>
              <Table.Th ta="right">Failed</Table.Th>
              <Table.Th ta="right">Retrying</Table.Th>
              <Table.Th>Oldest undelivered</Table.Th>
              <Table.Th>Last answer</Table.Th>
              <Table.Th />
            </>
          }
        >
          {endpoints.map((endpoint) => (
            <Table.Tr key={`${endpoint.merchant_id}-${endpoint.environment}-${endpoint.url}`} data-testid="failing-endpoint">
              <Table.Td>
                <MerchantCell merchantId={endpoint.merchant_id} name={nameOf(endpoint.merchant_id)} />
                <EnvironmentTag environment={endpoint.environment} />
              </Table.Td>
              <Table.Td maw={280}>
                <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="failing-endpoint-url">
                  {endpoint.url}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" fw={700} c={endpoint.failed > 0 ? 'red' : 'dimmed'} data-testid="failing-endpoint-failed">
                  {endpoint.failed}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" fw={700} c={endpoint.retrying > 0 ? 'orange' : 'dimmed'}>
                  {endpoint.retrying}
                </Text>
                {endpoint.next_retry_at && (
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    next {formatDateTime(endpoint.next_retry_at)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Age since={endpoint.oldest_event_at} now={now} prefix="for" />
              </Table.Td>
              <Table.Td maw={260}>
                <Text size="sm" c="red" data-testid="failing-endpoint-error">
                  {lastAnswer(endpoint.last_status_code, endpoint.last_error)}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(endpoint.last_attempt_at)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Button size="compact-xs" variant="light" onClick={() => onShow(endpoint)}>
                  Events
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </ScrollTable>
      )}
    </SectionCard>
  );
}

/** What the endpoint answered: `HTTP 500`, or why it could not (timeout, refused…). */
function lastAnswer(statusCode: number | null, error: string | null): string {
  if (error) return error;
  return statusCode === null ? 'No answer' : `HTTP ${statusCode}`;
}

function EventList({ filters, onChange }: { filters: ReturnType<typeof useFilters>['filters']; onChange: ReturnType<typeof useFilters>['change'] }) {
  const { can } = useConsoleSession();
  const { merchants, nameOf } = useMerchantNames();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const query = {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.environment !== 'all' ? { environment: filters.environment } : {}),
    ...(filters.merchantId ? { merchant_id: filters.merchantId } : {}),
  };
  const paged = useCursorPages({
    queryKey: ['admin-callbacks', query],
    fetchPage: (cursor) => unwrap(api.GET('/admin/callbacks', { params: { query: { ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } })),
  });
  const refreshing = useRefreshWhileDue(paged.rows, paged.list.refetch);
  const resend = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/admin/callbacks/{id}/resend', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin-callbacks'] });
      void queryClient.invalidateQueries({ queryKey: ['admin-callback-health'] });
    },
  });
  const canResend = can('operator');
  return (
    <SectionCard
      title="Events"
      testId="callback-events"
      aside={
        refreshing && (
          <Text size="xs" c="dimmed">
            A delivery is due: refreshing.
          </Text>
        )
      }
    >
      <Group align="flex-end" gap="sm">
        <Select
          label="Status"
          placeholder="All statuses"
          clearable
          w={240}
          data={CALLBACK_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }))}
          value={filters.status}
          onChange={(status) => onChange({ status: (status as CallbackStatus | null) ?? null })}
        />
        <Select
          label="Merchant"
          placeholder="All merchants"
          clearable
          searchable
          w={280}
          data={merchants.map((merchant) => ({ value: merchant.id, label: merchant.name }))}
          value={filters.merchantId}
          onChange={(merchantId) => onChange({ merchantId })}
        />
        {(filters.status || filters.merchantId) && (
          <Button variant="subtle" onClick={() => onChange({ status: null, merchantId: null })}>
            Clear filters
          </Button>
        )}
      </Group>
      {resend.isError && <ErrorState error={resend.error} />}
      {resend.isSuccess && (
        <Alert color="green" withCloseButton onClose={() => resend.reset()} data-testid="callback-resent">
          <Code>{resend.data.id}</Code> is pending again with a fresh retry schedule: it is sent within seconds.
        </Alert>
      )}
      <PagedTable
        paged={paged}
        empty="No event matches."
        minWidth={880}
        testId="callback-events-table"
        loadMoreMt={0}
        head={
          <>
            <Table.Th>Created</Table.Th>
            <Table.Th>Merchant</Table.Th>
            <Table.Th>Event</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Attempts · last answer</Table.Th>
            <Table.Th />
          </>
        }
      >
        {(event) => (
          <Fragment key={event.id}>
            <Table.Tr data-testid={`callback-event-${event.id}`} data-status={event.status}>
              <Table.Td>
                <TwoLineTime value={event.created} />
              </Table.Td>
              <Table.Td>
                <MerchantCell merchantId={event.merchant_id} name={nameOf(event.merchant_id)} />
                <EnvironmentTag environment={event.environment} />
              </Table.Td>
              <Table.Td>
                <EventTypeLabel type={event.event} />
                <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {event.resource_id}
                </Text>
              </Table.Td>
              <Table.Td>
                <CallbackStatusBadge status={event.status} />
                {event.status === 'pending' && event.attempts.length > 0 && (
                  <Badge color="orange" variant="outline" size="xs" mt={4} display="block">
                    Retrying
                  </Badge>
                )}
                {event.status === 'pending' && event.next_attempt && (
                  <Text size="xs" c="dimmed">
                    next {formatDateTime(event.next_attempt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td maw={200}>
                <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  <span data-testid="callback-attempt-count">{event.attempts.length}</span>
                  {event.attempts.length > 0 && ` · ${lastAnswer(event.attempts[event.attempts.length - 1].status_code, event.attempts[event.attempts.length - 1].error)}`}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <Button size="compact-xs" variant="subtle" onClick={() => setOpen(open === event.id ? null : event.id)} aria-expanded={open === event.id}>
                    {open === event.id ? 'Hide' : 'Details'}
                  </Button>
                  {canResend && (
                    <Button size="compact-xs" variant="light" loading={resend.isPending && resend.variables === event.id} onClick={() => resend.mutate(event.id)}>
                      Resend
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
            {open === event.id && (
              <Table.Tr>
                <Table.Td colSpan={6} bg="gray.0">
                  <EventDetail event={event} />
                </Table.Td>
              </Table.Tr>
            )}
          </Fragment>
        )}
      </PagedTable>
    </SectionCard>
  );
}

const ATTEMPT_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' });

/** An event's attempts (when, where, what came back) and the JSON it carries. */
function EventDetail({ event }: { event: CallbackEvent }) {
  return (
    <Stack gap="sm" py="xs" data-testid={`callback-detail-${event.id}`}>
      <Text size="xs" c="dimmed">
        Event <Code>{event.id}</Code> (the webhook-id header){event.delivered ? `, delivered ${formatDateTime(event.delivered)}` : ''}
      </Text>
      {event.status === 'no_url' && (
        <Alert color="gray">The merchant had no URL for this event type when it happened, so it was not sent. Resending needs a URL first (the merchant sets it, or an operator on the merchant's page).</Alert>
      )}
      <Title order={6}>Delivery attempts ({event.attempts.length})</Title>
      {event.attempts.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not attempted yet.
        </Text>
      ) : (
        <ScrollTable
          minWidth={800}
          testId="callback-attempts"
          head={
            <>
              <Table.Th>#</Table.Th>
              <Table.Th>When (WIB)</Table.Th>
              <Table.Th>URL</Table.Th>
              <Table.Th>Answer</Table.Th>
              <Table.Th ta="right">Took</Table.Th>
              <Table.Th>Response</Table.Th>
            </>
          }
        >
          {event.attempts.map((attempt, index) => (
            <Table.Tr key={`${attempt.attempted_at}-${index}`} data-testid="callback-attempt">
              <Table.Td>{index + 1}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{ATTEMPT_TIME.format(new Date(attempt.attempted_at))}</Table.Td>
              <Table.Td maw={260}>
                <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {attempt.url}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={attempt.status_code !== null && attempt.status_code < 300 && attempt.status_code >= 200 ? 'green' : 'red'} variant="light">
                  {lastAnswer(attempt.status_code, attempt.status_code !== null && attempt.error === `HTTP ${attempt.status_code}` ? null : attempt.error)}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{attempt.latency_ms} ms</Table.Td>
              <Table.Td maw={300}>
                <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }} lineClamp={4}>
                  {attempt.response_snippet ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </ScrollTable>
      )}
      <Title order={6}>Payload</Title>
      <Code block mah={260} style={{ overflow: 'auto' }} data-testid="callback-payload">
        {JSON.stringify(event.payload, null, 2)}
      </Code>
    </Stack>
  );
}

import { Anchor, Button, Card, Group, Loader, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, api, unwrap } from '../api/client';
import {
  CallbackEventDetail,
  callbackEventKey,
  callbackLogKey,
  EventTypeLabel,
  ResendConfirmation,
  useRefreshWhileDue,
  useResendCallback,
  type ResendCallback,
} from '../callbacks/CallbackEventDetail';
import { CALLBACK_STATUSES, filtersFromSearch, searchOfFilters, type CallbackEvent, type CallbackLogFilters } from '../callbacks/callback-log';
import { Page } from '../components/Page';
import { PagedTable, useCursorPages } from '../components/PagedTable';
import { ErrorState, Loading } from '../components/states';
import { StatusBadge } from '../components/StatusBadge';
import { formatDateTime } from '../format';
import { m } from '../i18n/messages';
import { useSession } from '../session';
import { EVENT_TYPES } from './Callbacks';

const PAGE_SIZE = 25;

/** Status, event type and resource id; every change goes to the URL, so a filtered log is a link. */
function Filters({ filters, onChange }: { filters: CallbackLogFilters; onChange: (filters: CallbackLogFilters) => void }) {
  const t = m();
  const [resourceId, setResourceId] = useState(filters.resource_id ?? '');
  // A link to another resource's events (or Back) changes the URL under the typed value.
  useEffect(() => setResourceId(filters.resource_id ?? ''), [filters.resource_id]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...filters, resource_id: resourceId });
  };
  const filtered = Boolean(filters.status || filters.event || filters.resource_id);
  return (
    <form onSubmit={submit}>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
        <Select
          label={t.common.status}
          placeholder={t.callbackLog.allStatuses}
          clearable
          data={CALLBACK_STATUSES.map((status) => ({ value: status, label: t.status[status] ?? status }))}
          value={filters.status ?? null}
          onChange={(status) => onChange({ ...filters, status: (status as CallbackLogFilters['status']) ?? undefined })}
        />
        <Select
          label={t.callbackLog.eventType}
          placeholder={t.callbackLog.allEventTypes}
          clearable
          searchable
          data={EVENT_TYPES.map((type) => ({ value: type, label: t.callbacks.events[type] ?? type }))}
          value={filters.event ?? null}
          onChange={(type) => onChange({ ...filters, event: (type as CallbackLogFilters['event']) ?? undefined })}
        />
        <TextInput
          label={t.callbackLog.resourceId}
          placeholder={t.callbackLog.resourceIdPlaceholder}
          value={resourceId}
          onChange={(event) => setResourceId(event.currentTarget.value)}
        />
        <Group gap="xs" align="flex-end">
          <Button type="submit" variant="light">
            {t.common.search}
          </Button>
          {filtered && (
            <Button variant="subtle" onClick={() => onChange({})}>
              {t.callbackLog.clearFilters}
            </Button>
          )}
        </Group>
      </SimpleGrid>
    </form>
  );
}

/** The attempt count, with what the last one got (one dimmed line on a phone, under the status). */
function AttemptsCell({ event, compact }: { event: CallbackEvent; compact?: boolean }) {
  const t = m().callbackLog;
  const last = event.attempts[event.attempts.length - 1];
  const lastResult = last ? (last.status_code !== null ? `HTTP ${last.status_code}` : t.noAnswer) : null;
  if (compact) {
    return (
      <Text size="xs" c="dimmed" mt={4}>
        {[t.attemptCount(event.attempts.length), lastResult].filter(Boolean).join(' · ')}
      </Text>
    );
  }
  return (
    <>
      <Text size="sm" data-testid="callback-attempt-count">
        {event.attempts.length}
      </Text>
      {lastResult && (
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {lastResult}
        </Text>
      )}
    </>
  );
}

/** A resource id that narrows the log to that resource's events (keeping the other filters). */
function ResourceFilterLink({ resourceId, filters }: { resourceId: string | null; filters: CallbackLogFilters }) {
  if (!resourceId) return '—';
  return (
    <Anchor
      component={Link}
      to={`/callbacks?${searchOfFilters({ ...filters, resource_id: resourceId }).toString()}`}
      title={m().callbackLog.onlyThisResource}
      size="xs"
      ff="monospace"
      style={{ wordBreak: 'break-all' }}
    >
      {resourceId}
    </Anchor>
  );
}

/** Columns on a laptop; a phone shows the event (with its time), the status (with the attempts) and a link. */
const WIDE_COLUMNS = 8;

function EventRow({
  event,
  filters,
  open,
  onToggle,
  compact,
  resend,
}: {
  event: CallbackEvent;
  filters: CallbackLogFilters;
  open: boolean;
  onToggle: () => void;
  compact: boolean;
  resend: ResendCallback | null;
}) {
  const t = m();
  return (
    <>
      <Table.Tr data-testid={`callback-row-${event.id}`} data-status={event.status}>
        <Table.Td>
          {compact ? (
            <>
              <Text size="sm">{t.callbacks.events[event.event] ?? event.event}</Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(event.created)}
              </Text>
            </>
          ) : (
            <EventTypeLabel type={event.event} />
          )}
        </Table.Td>
        <Table.Td miw={110}>
          <StatusBadge status={event.status} />
          {compact && <AttemptsCell event={event} compact />}
        </Table.Td>
        {!compact && (
          <>
            <Table.Td>
              <ResourceFilterLink resourceId={event.resource_id} filters={filters} />
            </Table.Td>
            <Table.Td>{formatDateTime(event.created)}</Table.Td>
            <Table.Td>{formatDateTime(event.delivered)}</Table.Td>
            <Table.Td>{formatDateTime(event.next_attempt)}</Table.Td>
            <Table.Td>
              <AttemptsCell event={event} />
            </Table.Td>
          </>
        )}
        <Table.Td>
          {compact ? (
            <Anchor component={Link} to={`/callbacks/${event.id}`} size="sm">
              {t.callbackLog.details}
            </Anchor>
          ) : (
            <Button variant="subtle" size="compact-sm" aria-expanded={open} onClick={onToggle}>
              {open ? t.callbackLog.hideDetails : t.callbackLog.details}
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
      {open && !compact && (
        <Table.Tr>
          <Table.Td colSpan={WIDE_COLUMNS} bg="white" p="md">
            <CallbackEventDetail event={event} resend={resend} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

function EmptyLog({ filtered }: { filtered: boolean }) {
  const t = m().callbackLog;
  if (filtered) return t.noMatch;
  return (
    <>
      {t.empty}{' '}
      <Anchor component={Link} to="/settings/callbacks" size="sm">
        {t.emptyLink}
      </Anchor>
      .
    </>
  );
}

function RefreshingNote() {
  return (
    <Group gap="xs" data-testid="callback-refreshing">
      <Loader size="xs" />
      <Text size="xs" c="dimmed">
        {m().callbackLog.refreshing}
      </Text>
    </Group>
  );
}

/** `/callbacks`: every event sent (or to be sent) to the merchant in this environment. */
export function CallbackLogPage() {
  const t = m();
  const { environment, can } = useSession();
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search, EVENT_TYPES), [search]);
  const paged = useCursorPages({
    queryKey: callbackLogKey(environment, filters),
    fetchPage: (cursor) => unwrap(api.GET('/api/v2/callbacks', { params: { query: { ...filters, cursor, limit: PAGE_SIZE } } })),
  });
  const resend = useResendCallback();
  const [expanded, setExpanded] = useState<string | null>(null);
  // Below the sm breakpoint: fewer columns, and a row opens the event's own page (a detail inside the table would be squeezed).
  const compact = useMediaQuery('(max-width: 48em)') ?? false;
  const refreshing = useRefreshWhileDue(paged.rows, paged.list.refetch);
  // A resent event can leave a filtered list (e.g. "failed"); its confirmation stays here then.
  const resentElsewhere = resend.data && !paged.rows.some((row) => row.id === resend.data.id) ? resend.data : null;
  const filtered = Boolean(filters.status || filters.event || filters.resource_id);

  return (
    <Page title={t.callbackLog.title} lead={t.callbackLog.lead}>
      <Card withBorder>
        <Filters filters={filters} onChange={(next) => setSearch(searchOfFilters(next))} />
      </Card>
      {resentElsewhere && <ResendConfirmation event={resentElsewhere} withId />}
      <Card withBorder>
        <Stack gap="xs">
          {refreshing && <RefreshingNote />}
          <PagedTable
            paged={paged}
            empty={<EmptyLog filtered={filtered} />}
            minWidth={compact ? 0 : 960}
            testId="callback-table"
            head={
              <>
                <Table.Th>{t.callbackLog.event}</Table.Th>
                <Table.Th>{t.common.status}</Table.Th>
                {!compact && (
                  <>
                    <Table.Th>{t.callbackLog.resource}</Table.Th>
                    <Table.Th>{t.common.created}</Table.Th>
                    <Table.Th>{t.callbackLog.delivered}</Table.Th>
                    <Table.Th style={{ whiteSpace: 'nowrap' }}>{t.callbackLog.nextAttempt}</Table.Th>
                    <Table.Th>{t.callbackLog.attempts}</Table.Th>
                  </>
                )}
                <Table.Th />
              </>
            }
          >
            {(event) => (
              <EventRow
                key={event.id}
                event={event}
                filters={filters}
                open={expanded === event.id}
                onToggle={() => setExpanded(expanded === event.id ? null : event.id)}
                compact={compact}
                resend={can('resendCallbacks') ? resend : null}
              />
            )}
          </PagedTable>
        </Stack>
      </Card>
    </Page>
  );
}

/** `/callbacks/:id`: one event, for links and for phones. */
export function CallbackEventPage() {
  const t = m();
  const { id = '' } = useParams();
  const { environment, can } = useSession();
  const event = useQuery({
    queryKey: callbackEventKey(environment, id),
    queryFn: () => unwrap(api.GET('/api/v2/callbacks/{id}', { params: { path: { id } } })),
  });
  const resend = useResendCallback();
  useRefreshWhileDue(event.data ? [event.data] : [], event.refetch);
  const notFound = event.error instanceof ApiError && event.error.status === 404;
  return (
    <Page
      title={t.callbackLog.detailTitle}
      actions={
        <Anchor component={Link} to="/callbacks" size="sm">
          ← {t.callbackLog.back}
        </Anchor>
      }
    >
      <Card withBorder>
        {event.isPending && <Loading />}
        {notFound && <Text c="dimmed">{t.callbackLog.notFound}</Text>}
        {event.isError && !notFound && <ErrorState error={event.error} onRetry={() => void event.refetch()} />}
        {event.data && <CallbackEventDetail event={event.data} resend={can('resendCallbacks') ? resend : null} summary />}
      </Card>
    </Page>
  );
}

import { Alert, Anchor, Badge, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { CopyValue } from '../components/CopyValue';
import { FactList, type Fact } from '../components/Facts';
import { ErrorState } from '../components/states';
import { StatusBadge } from '../components/StatusBadge';
import { formatDateTime, JAKARTA } from '../format';
import { m } from '../i18n/messages';
import { useSession } from '../session';
import { deliveryDueSoon, withEventReplaced, type CallbackEvent, type CallbackEventType } from './callback-log';

type Attempt = CallbackEvent['attempts'][number];
type CallbackPage = { data: CallbackEvent[]; has_more: boolean; next_cursor: string | null };

/** Query keys: the log's pages per filter, and one event (both per environment). */
export const callbackLogKey = (environment: string, ...rest: unknown[]) => [environment, 'callbacks', ...rest];
export const callbackEventKey = (environment: string, id: string) => [environment, 'callback-event', id];

/** How often a page showing a delivery that is due asks again. */
const REFRESH_MS = 2_000;

// Attempts can be seconds apart, so their times show seconds (still Asia/Jakarta).
const attemptTime = new Intl.DateTimeFormat('en-GB', { timeZone: JAKARTA, dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' });

/** Refetches every REFRESH_MS while one of `events` is about to be delivered; true meanwhile. */
export function useRefreshWhileDue(events: CallbackEvent[], refetch: () => unknown): boolean {
  const due = events.some((event) => deliveryDueSoon(event, Date.now()));
  useEffect(() => {
    if (!due) return;
    const timer = window.setInterval(() => void refetch(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [due, refetch]);
  return due;
}

/** Resend an event; its row in every loaded list and its detail show the answer (pending again). */
export function useResendCallback() {
  const queryClient = useQueryClient();
  const { environment } = useSession();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v2/callbacks/{id}/resend', { params: { path: { id } } })),
    onSuccess: (event) => {
      queryClient.setQueryData(callbackEventKey(environment, event.id), event);
      queryClient.setQueriesData<InfiniteData<CallbackPage>>({ queryKey: callbackLogKey(environment) }, (list) => withEventReplaced(list, event));
    },
  });
}

export type ResendCallback = ReturnType<typeof useResendCallback>;

export function EventTypeLabel({ type }: { type: CallbackEventType }) {
  return (
    <>
      <Text size="sm">{m().callbacks.events[type] ?? type}</Text>
      <Text size="xs" c="dimmed" ff="monospace">
        {type}
      </Text>
    </>
  );
}

/** A resend's outcome so far: queued (the server's answer), then delivered or failed again as the event refreshes. */
export function ResendConfirmation({ event, withId }: { event: CallbackEvent; withId?: boolean }) {
  const t = m().callbackLog;
  const outcome =
    event.status === 'delivered' ? t.resentDelivered(formatDateTime(event.delivered)) : event.status === 'failed' ? t.resentFailed : t.resent(formatDateTime(event.next_attempt));
  return (
    <Alert color={event.status === 'failed' ? 'red' : 'green'} title={t.resentTitle} data-testid="callback-resent">
      <Text size="sm">
        {withId && (
          <>
            <Code>{event.id}</Code>{' '}
          </>
        )}
        {outcome}
      </Text>
    </Alert>
  );
}

/** Monospace text in a box that scrolls instead of growing (server answers, payloads). */
function ScrollingCode({ children, wrap, testId }: { children: string; wrap?: boolean; testId?: string }) {
  return (
    <Code block mah={wrap ? 180 : 360} data-testid={testId} style={{ overflow: 'auto', whiteSpace: wrap ? 'pre-wrap' : 'pre', wordBreak: wrap ? 'break-all' : 'normal' }}>
      {children}
    </Code>
  );
}

function AttemptCard({ attempt, number }: { attempt: Attempt; number: number }) {
  const t = m().callbackLog;
  const accepted = attempt.status_code !== null && attempt.status_code >= 200 && attempt.status_code < 300;
  return (
    <Paper withBorder p="sm" data-testid="callback-attempt">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {t.attempt(number)}
            </Text>
            <Badge color={accepted ? 'green' : 'red'} variant="light" data-testid="callback-attempt-status">
              {attempt.status_code === null ? t.noAnswer : `HTTP ${attempt.status_code}`}
            </Badge>
            <Text size="sm" c="dimmed">
              {t.latency(attempt.latency_ms)}
            </Text>
          </Group>
          <Text size="sm">{`${attemptTime.format(new Date(attempt.attempted_at))} WIB`}</Text>
        </Group>
        <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
          {attempt.url}
        </Text>
        {attempt.error && attempt.error !== `HTTP ${attempt.status_code}` && (
          <Text size="sm" c="red" data-testid="callback-attempt-error">
            {attempt.error}
          </Text>
        )}
        {attempt.response_snippet && (
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              {t.response}
            </Text>
            <ScrollingCode wrap testId="callback-attempt-response">
              {attempt.response_snippet}
            </ScrollingCode>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * One event: its id, every delivery attempt and the payload, with Resend for the roles that
 * may (`resend` null otherwise). `summary` adds the facts the log's row already shows.
 */
export function CallbackEventDetail({ event, resend, summary }: { event: CallbackEvent; resend: ResendCallback | null; summary?: boolean }) {
  const t = m();
  const mine = resend?.variables === event.id;
  const facts: Fact[] = [{ label: t.callbackLog.eventId, value: <CopyValue value={event.id} /> }];
  if (summary) {
    facts.push(
      { label: t.callbackLog.event, value: <EventTypeLabel type={event.event} /> },
      { label: t.common.status, value: <StatusBadge status={event.status} /> },
      { label: t.callbackLog.resource, value: <Code style={{ wordBreak: 'break-all', whiteSpace: 'normal' }}>{event.resource_id ?? '—'}</Code> },
      { label: t.common.created, value: formatDateTime(event.created) },
      { label: t.callbackLog.delivered, value: formatDateTime(event.delivered) },
      { label: t.callbackLog.nextAttempt, value: formatDateTime(event.next_attempt) },
    );
  }
  return (
    <Stack gap="sm" data-testid={`callback-detail-${event.id}`}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <FactList facts={facts} stackOnPhone style={{ flex: '1 1 280px', minWidth: 0 }} />
        {resend && (
          <Button size="xs" loading={resend.isPending && mine} onClick={() => resend.mutate(event.id)}>
            {t.callbackLog.resend}
          </Button>
        )}
      </Group>
      {mine && resend.isError && <ErrorState error={resend.error} />}
      {mine && resend.data && <ResendConfirmation event={event} />}
      {event.status === 'no_url' && (
        <Alert color="gray">
          {t.callbackLog.noUrlHint}{' '}
          <Anchor component={Link} to="/settings/callbacks" size="sm">
            {t.callbackLog.emptyLink}
          </Anchor>
        </Alert>
      )}
      <Title order={5}>
        {t.callbackLog.attemptsTitle} ({event.attempts.length})
      </Title>
      {event.attempts.length === 0 && (
        <Text size="sm" c="dimmed">
          {t.callbackLog.noAttempts}
        </Text>
      )}
      {event.attempts.map((attempt, index) => (
        <AttemptCard key={`${attempt.attempted_at}-${index}`} attempt={attempt} number={index + 1} />
      ))}
      <Title order={5}>{t.callbackLog.payload}</Title>
      <ScrollingCode testId="callback-payload">{JSON.stringify(event.payload, null, 2)}</ScrollingCode>
    </Stack>
  );
}

import { Anchor, Card, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, unwrap, type Schemas } from '../api/client';
import { CopyValue } from '../components/CopyValue';
import { FactList } from '../components/Facts';
import { Page } from '../components/Page';
import { CALLBACK_STATUS_COLORS, CallbackStatusBadge } from '../components/ResourceCallbacks';
import { StatusBadge } from '../components/StatusBadge';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { FailureExplanation } from '../disbursements/FailureExplanation';
import { disbursementTimeline, type TimelineStep } from '../disbursements/timeline';
import { formatDateTime, formatRupiah } from '../format';
import { m } from '../i18n/messages';
import { useEnvKey, useSession } from '../session';

type Disbursement = Schemas['DisbursementRecordDto'];

const REFRESH_MS = 5_000;

/** A timeline step as shown: bullet colour, title and what follows it. */
function stepView(step: TimelineStep): { color: string; title: string; body?: ReactNode } {
  const t = m();
  switch (step.kind) {
    case 'created':
      return { color: 'blue', title: t.disbursements.timelineCreated };
    case 'done':
      return { color: 'green', title: t.disbursements.timelineDone };
    case 'failed':
      return { color: 'red', title: `${t.disbursements.timelineFailed}: ${step.failureCode ?? ''}` };
    case 'waiting':
      return { color: 'gray', title: t.disbursements.timelinePending };
    case 'callback': {
      const { callback } = step;
      return {
        color: CALLBACK_STATUS_COLORS[callback.status],
        title: t.disbursements.callbackSent(t.callbacks.events[callback.event] ?? callback.event),
        body: (
          <Group gap="xs">
            <CallbackStatusBadge status={callback.status} size="sm" />
            <Text size="xs" c="dimmed">
              {t.disbursements.attempts(callback.attempts.length)}
              {callback.delivered && ` · ${formatDateTime(callback.delivered)}`}
              {callback.next_attempt && ` · ${t.disbursements.nextAttempt} ${formatDateTime(callback.next_attempt)}`}
            </Text>
          </Group>
        ),
      };
    }
  }
}

function DisbursementTimeline({ disbursement }: { disbursement: Disbursement }) {
  const t = m();
  const callbacks = useQuery({
    // Asked again when the status changes (its callback follows), and while a delivery is under way.
    queryKey: useEnvKey('callbacks', 'resource', disbursement.id, disbursement.status),
    queryFn: () => unwrap(api.GET('/api/v2/callbacks', { params: { query: { resource_id: disbursement.id, limit: 100 } } })),
    refetchInterval: (query) => (query.state.data?.data.some((event) => event.status === 'pending') ? REFRESH_MS : false),
  });
  const steps = disbursementTimeline(disbursement, callbacks.data?.data ?? []);
  const done = steps.filter((step) => step.at !== null).length;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t.disbursements.timeline}</Title>
        {callbacks.isError && <ErrorState error={callbacks.error} onRetry={() => void callbacks.refetch()} />}
        <Timeline active={done - 1} bulletSize={14} lineWidth={2} data-testid="disbursement-timeline">
          {steps.map((step) => {
            const view = stepView(step);
            return (
              <Timeline.Item
                key={step.kind === 'callback' ? step.callback.id : step.kind}
                color={view.color}
                title={
                  <Text size="sm" fw={600}>
                    {view.title}
                  </Text>
                }
                data-testid={`timeline-${step.kind}`}
              >
                {step.at && (
                  <Text size="xs" c="dimmed">
                    {formatDateTime(step.at)}
                  </Text>
                )}
                {view.body}
              </Timeline.Item>
            );
          })}
        </Timeline>
        {callbacks.isPending && <Loading />}
        <Anchor component={Link} to={`/callbacks?resource_id=${disbursement.id}`} size="sm">
          {t.resourceCallbacks.log}
        </Anchor>
      </Stack>
    </Card>
  );
}

function Fields({ disbursement }: { disbursement: Disbursement }) {
  const t = m();
  const { environment, can } = useSession();
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{disbursement.external_id}</Title>
          <StatusBadge status={disbursement.status} />
        </Group>
        {/* Under the title, not among the fields: it needs the card's whole width on a phone. */}
        <CopyValue value={disbursement.id} testId="disbursement-id" />
        {disbursement.status === 'failed' && disbursement.failure_code && <FailureExplanation code={disbursement.failure_code} note={t.disbursements.moneyReturned} />}
        <FactList
          testId="disbursement-fields"
          facts={[
            { label: t.common.amount, value: formatRupiah(disbursement.amount) },
            { label: t.common.bank, value: disbursement.bank_code },
            { label: t.common.accountNumber, value: disbursement.account_number },
            { label: t.common.accountName, value: disbursement.account_name },
            { label: t.common.description, value: disbursement.description },
            { label: t.common.created, value: formatDateTime(disbursement.created) },
            { label: t.disbursements.completed, value: formatDateTime(disbursement.completed) },
          ]}
        />
        {disbursement.status === 'pending' && environment === 'development' && can('useSandbox') && (
          <Anchor component={Link} to={`/sandbox?disbursement=${disbursement.id}`} size="sm">
            {t.disbursements.finishInSandbox}
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}

export function DisbursementDetailPage() {
  const t = m();
  const { id = '' } = useParams();
  const disbursement = useQuery({
    queryKey: useEnvKey('disbursements', 'detail', id),
    queryFn: () => unwrap(api.GET('/api/v2/disbursements/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
    // A pending one changes when the bank answers; the page follows it.
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? REFRESH_MS : false),
  });
  const notFound = disbursement.error instanceof ApiError && disbursement.error.status === 404;
  return (
    <Page title={t.disbursements.detailTitle}>
      <Anchor component={Link} to="/disbursements" size="sm">
        ← {t.disbursements.back}
      </Anchor>
      {disbursement.isPending && <Loading />}
      {notFound && (
        <Card withBorder data-testid="disbursement-not-found">
          <EmptyState>{t.disbursements.notFoundId}</EmptyState>
        </Card>
      )}
      {disbursement.isError && !notFound && <ErrorState error={disbursement.error} onRetry={() => void disbursement.refetch()} />}
      {disbursement.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Fields disbursement={disbursement.data} />
          <DisbursementTimeline disbursement={disbursement.data} />
        </SimpleGrid>
      )}
    </Page>
  );
}

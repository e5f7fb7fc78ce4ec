import { Card, Code, Table, Text } from '@mantine/core';
import { dashboardApi } from '../api/dashboard';
import { Page } from '../components/Page';
import { PagedTable, useCursorPages } from '../components/PagedTable';
import { NotAllowed } from '../components/states';
import { formatDateTime } from '../format';
import { m } from '../i18n/messages';
import { useSession } from '../session';

/** `name: Vina, role: viewer` from an audit entry's before/after object (its plain values). */
function summary(value: unknown): string {
  if (!value || typeof value !== 'object') return '';
  return Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => ['string', 'number', 'boolean'].includes(typeof field) || field === null)
    .map(([key, field]) => `${key}: ${String(field)}`)
    .join(', ');
}

export function AuditPage() {
  const t = m();
  const { can } = useSession();
  const allowed = can('viewAudit');
  const paged = useCursorPages({ queryKey: ['audit'], enabled: allowed, fetchPage: dashboardApi.audit });
  if (!allowed) {
    return (
      <Page title={t.audit.title}>
        <NotAllowed />
      </Page>
    );
  }
  return (
    <Page title={t.audit.title} lead={t.audit.lead}>
      <Card withBorder>
        <PagedTable
          paged={paged}
          empty={t.audit.empty}
          minWidth={720}
          testId="audit-table"
          head={
            <>
              <Table.Th>{t.audit.at}</Table.Th>
              <Table.Th>{t.audit.who}</Table.Th>
              <Table.Th>{t.audit.action}</Table.Th>
              <Table.Th>{t.audit.target}</Table.Th>
            </>
          }
        >
          {(row) => {
            const person = row.person as { name?: string; email?: string } | null;
            // A Palladium operator is named too (the server CLI is not).
            const operator = row.operator as { name?: string } | null;
            return (
              <Table.Tr key={row.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.at)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{person?.name ?? (operator?.name ? `${t.audit.operator} · ${operator.name}` : t.audit.operator)}</Text>
                  {person?.email && (
                    <Text size="xs" c="dimmed">
                      {person.email}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{row.action}</Code>
                  {row.environment && (
                    <Text size="xs" c="dimmed">
                      {t.environment[row.environment]}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {row.target}
                  </Text>
                  {summary(row.before) && (
                    <Text size="xs" c="dimmed">
                      {t.audit.before}: {summary(row.before)}
                    </Text>
                  )}
                  {summary(row.after) && (
                    <Text size="xs" c="dimmed">
                      {t.audit.after}: {summary(row.after)}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          }}
        </PagedTable>
      </Card>
    </Page>
  );
}

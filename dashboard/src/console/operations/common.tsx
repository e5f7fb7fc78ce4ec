import { Anchor, Badge, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api, unwrap, type Environment } from '../../api/client';
import { ENVIRONMENT_COLOR } from '../../components/Shell';
import { formatAge } from './age';

/** Every merchant's name by id (one small list for the whole console; operators see all merchants). */
export function useMerchantNames() {
  const merchants = useQuery({ queryKey: ['admin-merchants'], queryFn: () => unwrap(api.GET('/admin/merchants')), staleTime: 60_000 });
  const names = new Map((merchants.data ?? []).map((merchant) => [merchant.id, merchant.name]));
  return { merchants: merchants.data ?? [], nameOf: (id: string) => names.get(id) };
}

/** A merchant in a table: its name linking to its console page, its id under it. */
export function MerchantCell({ merchantId, name }: { merchantId: string; name: string | undefined }) {
  return (
    <>
      <Anchor component={Link} to={`/merchants/${merchantId}`} size="sm" data-testid="merchant-link">
        {name ?? 'Merchant'}
      </Anchor>
      <Text size="xs" c="dimmed" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
        {merchantId.slice(0, 8)}…
      </Text>
    </>
  );
}

/** Development (sandbox money) or production (real money), as a coloured tag. */
export function EnvironmentTag({ environment }: { environment: Environment }) {
  return (
    <Badge color={ENVIRONMENT_COLOR[environment]} variant={environment === 'production' ? 'filled' : 'light'} size="sm" data-environment={environment} style={{ minWidth: 'max-content' }}>
      {environment === 'production' ? 'Production' : 'Development'}
    </Badge>
  );
}

export type EnvironmentChoice = Environment | 'all';

/** Both environments, or one. */
export function EnvironmentSwitch({ value, onChange }: { value: EnvironmentChoice; onChange: (value: EnvironmentChoice) => void }) {
  return (
    <SegmentedControl
      size="xs"
      aria-label="Environment"
      value={value}
      onChange={(next) => onChange(next as EnvironmentChoice)}
      data={[
        { value: 'all', label: 'Both environments' },
        { value: 'production', label: 'Production' },
        { value: 'development', label: 'Development' },
      ]}
    />
  );
}

/** How long ago, as `waited 3 h 5 min`; red past `alertAfterMs`. */
export function Age({ since, now, alertAfterMs, prefix }: { since: string | null; now: number; alertAfterMs?: number; prefix?: string }) {
  if (!since) return <Text size="sm">—</Text>;
  const age = now - new Date(since).getTime();
  return (
    <Text size="sm" c={alertAfterMs !== undefined && age > alertAfterMs ? 'red' : undefined} fw={alertAfterMs !== undefined && age > alertAfterMs ? 600 : undefined} style={{ whiteSpace: 'nowrap' }}>
      {prefix ? `${prefix} ` : ''}
      {formatAge(age)}
    </Text>
  );
}

/** A card with a title (and what sits beside it), then its content. */
export function SectionCard({ title, aside, testId, children }: { title: ReactNode; aside?: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <Card withBorder data-testid={testId}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{title}</Title>
          {aside}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

/** One figure of a summary: a label over a big number, coloured when it needs attention. */
export function Figure({ label, value, color, testId, note }: { label: string; value: ReactNode; color?: string; testId?: string; note?: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fz={24} fw={700} c={color} data-testid={testId}>
        {value}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Stack>
  );
}

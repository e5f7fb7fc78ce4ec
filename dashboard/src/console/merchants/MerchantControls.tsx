import { Alert, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { formatDateTime } from '../../format';
import { ConfirmAction } from '../operators/ConfirmAction';
import { useConsoleSession } from '../session';

type Merchant = Schemas['MerchantDto'];

/** The banner of a suspended merchant: since when, and the operator's reason. */
export function SuspendedBanner({ merchant }: { merchant: Merchant }) {
  if (!merchant.suspended_at) return null;
  return (
    <Alert color="red" title="Suspended" data-testid="merchant-suspended">
      <Text size="sm">
        Since {formatDateTime(merchant.suspended_at)}: {merchant.suspended_reason}
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        Its API keys and dashboard are refused. Money already in flight carries on; settlement and callbacks continue.
      </Text>
    </Alert>
  );
}

/**
 * What operators switch for a merchant: production on or off, and a suspension (with a
 * reason) or its lifting. Each asks for confirmation; the server records it in the audit log.
 */
export function MerchantControls({ merchant }: { merchant: Merchant }) {
  const { can } = useConsoleSession();
  const viewer = !can('operator');
  const queryClient = useQueryClient();
  const updated = (next: Merchant) => {
    queryClient.setQueryData(['console-merchant', merchant.id], next);
    void queryClient.invalidateQueries({ queryKey: ['console-merchants'] });
  };
  const path = { params: { path: { id: merchant.id } } };
  return (
    <Card withBorder data-testid="merchant-controls">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Controls</Title>
          {viewer && (
            <Text size="xs" c="dimmed">
              Viewers look only
            </Text>
          )}
        </Group>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              Production {merchant.production_enabled ? 'is on' : 'is off'}
            </Text>
            <Text size="xs" c="dimmed">
              Off, the production key is refused and its people work in development only.
            </Text>
          </Stack>
          {merchant.production_enabled ? (
            <ConfirmAction
              disabled={viewer}
              label="Switch production off"
              title={`Switch production off for ${merchant.name}?`}
              confirmLabel="Switch production off"
              color="orange"
              action={() => unwrap(api.POST('/admin/merchants/{id}/production', { ...path, body: { enabled: false } }))}
              onDone={updated}
            >
              Its production key is refused at once on every instance; development keeps working.
            </ConfirmAction>
          ) : (
            <ConfirmAction
              disabled={viewer}
              label="Switch production on"
              title={`Switch production on for ${merchant.name}?`}
              confirmLabel="Switch production on"
              color="green"
              variant="filled"
              action={() => unwrap(api.POST('/admin/merchants/{id}/production', { ...path, body: { enabled: true } }))}
              onDone={updated}
            >
              Its production key starts working and its people can choose production: real money. Do it once the merchant is verified.
            </ConfirmAction>
          )}
        </Group>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {merchant.suspended_at ? 'Suspended' : 'Active'}
            </Text>
            <Text size="xs" c="dimmed">
              Suspended, its API keys and dashboard sessions are refused; money in flight, settlement and callbacks carry on.
            </Text>
          </Stack>
          {merchant.suspended_at ? (
            <ConfirmAction
              disabled={viewer}
              label="Lift the suspension"
              title={`Lift the suspension of ${merchant.name}?`}
              confirmLabel="Lift the suspension"
              color="green"
              field={{ label: 'Note', description: 'Why it may work again (optional), for the audit log.' }}
              action={(note) => unwrap(api.POST('/admin/merchants/{id}/unsuspend', { ...path, body: note ? { note } : {} }))}
              onDone={updated}
            >
              Its API keys and dashboard work again at once.
            </ConfirmAction>
          ) : (
            <ConfirmAction
              disabled={viewer}
              label="Suspend"
              title={`Suspend ${merchant.name}?`}
              confirmLabel="Suspend merchant"
              color="red"
              variant="filled"
              field={{
                label: 'Reason',
                required: true,
                description: "Recorded in the audit log, which the merchant's owners can read too.",
              }}
              action={(reason) => unwrap(api.POST('/admin/merchants/{id}/suspend', { ...path, body: { reason } }))}
              onDone={updated}
            >
              From now on its API keys and its people&apos;s dashboard sessions are refused, on every instance. Payments, withdrawals and
              disbursements already in flight carry on; settlement and callbacks continue.
            </ConfirmAction>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

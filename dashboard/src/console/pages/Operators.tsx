import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { FormCard } from '../../components/FormCard';
import { TwoLineTimeCell } from '../../components/TwoLineTime';
import { EmptyState, ErrorState, Loading, NotAllowed } from '../../components/states';
import { ConsolePage } from '../ConsoleShell';
import { ConfirmAction } from '../operators/ConfirmAction';
import { OperatorTokens } from '../operators/OperatorTokens';
import { ShownOnce } from '../operators/ShownOnce';
import { type OperatorRole, useConsoleSession } from '../session';

type Operator = Schemas['OperatorDto'];
type WithPassword = Schemas['OperatorWithPasswordDto'];

const ROLES: { value: OperatorRole; label: string }[] = [
  { value: 'viewer', label: 'viewer: looks' },
  { value: 'operator', label: 'operator: acts, prepares approvals' },
  { value: 'approver', label: "approver: also approves another's" },
  { value: 'admin', label: 'admin: also manages operators' },
];

const ROLE_COLORS: Record<OperatorRole, string> = { viewer: 'gray', operator: 'blue', approver: 'violet', admin: 'dark' };

const OPERATORS_KEY = ['console-operators'];

/** A first password to hand over, shown once: for a new operator, or after a reset. */
interface FirstPassword {
  title: string;
  operator: WithPassword;
}

function CreateOperator({ onCreated }: { onCreated: (operator: WithPassword) => void }) {
  const queryClient = useQueryClient();
  const empty = { name: '', email: '', role: 'viewer' as OperatorRole };
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/admin/operators', { body: form })),
    onSuccess: (operator) => {
      setForm(empty);
      onCreated(operator);
      void queryClient.invalidateQueries({ queryKey: OPERATORS_KEY });
    },
  });
  return (
    <FormCard title="Add an operator" onSubmit={() => create.mutate()} submitLabel="Add operator" submitting={create.isPending}>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label="Name" required maxLength={255} value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        <TextInput label="Work email" type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} />
        <Select label="Role" data={ROLES} value={form.role} allowDeselect={false} onChange={(value) => setForm({ ...form, role: (value as OperatorRole) ?? 'viewer' })} />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        They get a first password, shown once here: hand it over in person. At their first sign-in they set up an authenticator app.
      </Text>
      {create.isError && <ErrorState error={create.error} />}
    </FormCard>
  );
}

function OperatorRow({
  operator,
  self,
  tokensOpen,
  onToggleTokens,
  onReset,
}: {
  operator: Operator;
  self: boolean;
  tokensOpen: boolean;
  onToggleTokens: () => void;
  onReset: (operator: WithPassword) => void;
}) {
  const queryClient = useQueryClient();
  const path = { params: { path: { id: operator.id } } };
  const refresh = () => void queryClient.invalidateQueries({ queryKey: OPERATORS_KEY });
  const active = !operator.disabled_at;
  return (
    <Table.Tr data-testid={`operator-${operator.email}`} style={active ? undefined : { opacity: 0.6 }}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {operator.name}
          {self && (
            <Text span size="xs" c="dimmed">
              {' '}
              (you)
            </Text>
          )}
        </Text>
        <Text size="xs" c="dimmed">
          {operator.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge miw="max-content" color={ROLE_COLORS[operator.role]} variant="light">
          {operator.role}
        </Badge>
      </Table.Td>
      <Table.Td>
        {operator.totp_enrolled ? (
          <Badge miw="max-content" color="green" variant="light">
            set up
          </Badge>
        ) : (
          <Badge miw="max-content" color="yellow" variant="light">
            not yet
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{operator.created_by}</Text>
      </Table.Td>
      <TwoLineTimeCell value={operator.created_at} />
      <Table.Td>
        {active ? (
          <Badge miw="max-content" color="green" variant="light">
            active
          </Badge>
        ) : (
          <Badge miw="max-content" color="red" variant="light">
            disabled
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap" justify="flex-end">
          <Button size="xs" variant={tokensOpen ? 'filled' : 'default'} onClick={onToggleTokens}>
            Tokens
          </Button>
          {active && !self && (
            <>
              <ConfirmAction
                label="Reset sign-in"
                title={`Reset ${operator.name}'s sign-in?`}
                confirmLabel="Reset sign-in"
                color="orange"
                action={() => unwrap(api.POST('/admin/operators/{id}/reset-sign-in', path))}
                onDone={(reset) => {
                  refresh();
                  onReset(reset);
                }}
              >
                For a lost phone or password: they get a new first password (shown once), set up their authenticator again, and their console
                sessions end. Their API tokens keep working.
              </ConfirmAction>
              <ConfirmAction
                label="Disable"
                title={`Disable ${operator.name}?`}
                confirmLabel="Disable operator"
                color="red"
                action={() => unwrap(api.POST('/admin/operators/{id}/disable', path))}
                onDone={refresh}
              >
                They can no longer sign in and every token of theirs is revoked. What they did stays on record under their name.
              </ConfirmAction>
            </>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** `/operators` (admins): who may use the console and with which role; their sign-in and tokens. */
export function OperatorsPage() {
  const { can, session } = useConsoleSession();
  const admin = can('admin');
  const operators = useQuery({ queryKey: OPERATORS_KEY, queryFn: () => unwrap(api.GET('/admin/operators')), enabled: admin });
  const [firstPassword, setFirstPassword] = useState<FirstPassword | null>(null);
  const [tokensOf, setTokensOf] = useState<string | null>(null);
  const lead = 'Named operators and their roles: viewer looks, operator acts, approver also approves what another prepared, admin also manages operators.';
  if (!admin) {
    return (
      <ConsolePage title="Operators" lead={lead}>
        <NotAllowed message="Only admins manage operators." />
      </ConsolePage>
    );
  }
  return (
    <ConsolePage title="Operators" lead={lead}>
      <CreateOperator onCreated={(operator) => setFirstPassword({ title: `${operator.name} is added`, operator })} />
      {firstPassword && (
        <ShownOnce
          title={`${firstPassword.title}: their first password, shown only now`}
          lead={`Hand it to ${firstPassword.operator.name} (${firstPassword.operator.email}) in person; they change it after their first sign-in, where they also set up their authenticator app.`}
          secrets={[{ label: 'First password', value: firstPassword.operator.initial_password, testId: 'first-password' }]}
          onDismiss={() => setFirstPassword(null)}
          testId="first-password-once"
        />
      )}
      <Card withBorder>
        {operators.isPending && <Loading />}
        {operators.isError && <ErrorState error={operators.error} onRetry={() => void operators.refetch()} />}
        {operators.data?.length === 0 && <EmptyState>No operators yet.</EmptyState>}
        {!!operators.data?.length && (
          <Table.ScrollContainer minWidth={900}>
            <Table data-testid="operators-table" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Operator</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Authenticator</Table.Th>
                  <Table.Th>Created by</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {operators.data.map((operator) => (
                  <Fragment key={operator.id}>
                    <OperatorRow
                      operator={operator}
                      self={operator.id === session?.operator.id}
                      tokensOpen={tokensOf === operator.id}
                      onToggleTokens={() => setTokensOf(tokensOf === operator.id ? null : operator.id)}
                      onReset={(reset) => setFirstPassword({ title: `${reset.name}'s sign-in is reset`, operator: reset })}
                    />
                    {tokensOf === operator.id && (
                      <Table.Tr>
                        <Table.Td colSpan={7} bg="gray.0">
                          <Stack gap="xs" py="xs">
                            <Text size="sm" fw={600}>
                              {operator.name}&apos;s API tokens
                            </Text>
                            <OperatorTokens operatorId={operator.id} manage={!operator.disabled_at} />
                          </Stack>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </ConsolePage>
  );
}

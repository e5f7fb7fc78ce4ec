import { Button, Card, Group, PasswordInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { dashboardApi, type Role } from '../api/dashboard';
import { Page } from '../components/Page';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { formatDateTime } from '../format';
import { m } from '../i18n/messages';
import { useSession } from '../session';

const ROLES: Role[] = ['owner', 'developer', 'finance', 'viewer'];

function AddPerson() {
  const t = m();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: '', email: '', role: 'viewer' as Role, password: '' });
  const add = useMutation({
    mutationFn: () => dashboardApi.addPerson(form),
    onSuccess: () => {
      setForm({ name: '', email: '', role: 'viewer', password: '' });
      void queryClient.invalidateQueries({ queryKey: ['people'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Card withBorder>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4}>{t.people.add}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t.people.name} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
            <TextInput label={t.auth.email} type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} />
            <Select
              label={t.people.role}
              data={ROLES.map((role) => ({ value: role, label: t.people.roles[role] }))}
              value={form.role}
              onChange={(value) => setForm({ ...form, role: (value as Role) ?? 'viewer' })}
              allowDeselect={false}
            />
            <PasswordInput label={t.people.initialPassword} required autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.currentTarget.value })} />
          </SimpleGrid>
          {add.isError && <ErrorState error={add.error} />}
          {add.data && (
            <Text size="sm" c="green.8" data-testid="person-added">
              {t.people.added}: {add.data.name} ({add.data.role})
            </Text>
          )}
          <Group>
            <Button type="submit" loading={add.isPending}>
              {t.people.add}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function PeoplePage() {
  const t = m();
  const { can, session } = useSession();
  const queryClient = useQueryClient();
  const people = useQuery({ queryKey: ['people'], queryFn: dashboardApi.people });
  const manage = can('managePeople');
  const changeRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) => dashboardApi.changeRole(id, role),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['people'] }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => dashboardApi.removePerson(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['people'] }),
  });
  return (
    <Page title={t.people.title} lead={t.people.lead}>
      {manage && <AddPerson />}
      <Card withBorder>
        {people.isPending && <Loading />}
        {people.isError && <ErrorState error={people.error} onRetry={() => void people.refetch()} />}
        {people.data && people.data.length === 0 && <EmptyState>{t.common.none}</EmptyState>}
        {(changeRole.isError || remove.isError) && <ErrorState error={changeRole.error ?? remove.error} />}
        {people.data && people.data.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table striped data-testid="people-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t.people.name}</Table.Th>
                  <Table.Th>{t.auth.email}</Table.Th>
                  <Table.Th>{t.people.role}</Table.Th>
                  <Table.Th>{t.common.created}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {people.data.map((person) => {
                  const self = person.id === session?.person.id;
                  return (
                    <Table.Tr key={person.id} data-testid={`person-${person.email}`}>
                      <Table.Td>
                        {person.name}
                        {self && (
                          <Text span c="dimmed" size="xs">
                            {' '}
                            ({t.people.you})
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{person.email}</Table.Td>
                      <Table.Td>
                        {manage && !self ? (
                          <Select
                            size="xs"
                            aria-label={`${t.people.role} ${person.email}`}
                            data={ROLES}
                            value={person.role}
                            allowDeselect={false}
                            onChange={(value) => value && changeRole.mutate({ id: person.id, role: value as Role })}
                          />
                        ) : (
                          person.role
                        )}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(person.created_at)}</Table.Td>
                      <Table.Td>
                        {manage && !self && (
                          <Button
                            size="compact-xs"
                            color="red"
                            variant="light"
                            onClick={() => {
                              if (window.confirm(t.people.removeConfirm)) remove.mutate(person.id);
                            }}
                          >
                            {t.people.remove}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Page>
  );
}

import { Alert, Button, Card, Group, PasswordInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api, unwrap } from '../api/client';
import type { Session } from '../api/dashboard';
import { FactList } from '../components/Facts';
import { Page } from '../components/Page';
import { ErrorState } from '../components/states';
import { m } from '../i18n/messages';
import { useSession } from '../session';

function Profile({ session }: { session: Session }) {
  const t = m();
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t.account.profile}</Title>
        <FactList
          withDivider
          facts={[
            { label: t.account.name, value: session.person.name, testId: 'account-name' },
            { label: t.auth.email, value: session.person.email, testId: 'account-email' },
            { label: t.account.role, value: t.people.roles[session.person.role] ?? session.person.role, testId: 'account-role' },
            { label: t.account.merchant, value: session.merchant.name, testId: 'account-merchant' },
            {
              label: t.account.production,
              value: session.merchant.production_enabled ? t.account.productionEnabled : t.account.productionDisabled,
              testId: 'account-production',
            },
          ]}
        />
      </Stack>
    </Card>
  );
}

/** The API's field errors by field (`current_password`, `new_password`). */
function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(error.fieldErrors.map((field) => [field.field, field.message]));
}

const EMPTY_FORM = { current: '', next: '', confirm: '' };

function ChangePassword() {
  const t = m();
  const [form, setForm] = useState(EMPTY_FORM);
  const [mismatch, setMismatch] = useState(false);
  // The server keeps this session and ends the person's others (PeopleService.changePassword).
  const change = useMutation({
    mutationFn: () => unwrap(api.POST('/api/dashboard/password', { body: { current_password: form.current, new_password: form.next } })),
    onSuccess: () => setForm(EMPTY_FORM),
  });
  const errors = fieldErrors(change.error);
  const edit = (name: keyof typeof EMPTY_FORM) => ({
    value: form[name],
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      setForm({ ...form, [name]: event.currentTarget.value });
      setMismatch(false);
      if (change.isError) change.reset();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.next !== form.confirm) {
      setMismatch(true);
      return;
    }
    change.mutate();
  };
  return (
    <Card withBorder>
      <form onSubmit={submit}>
        <Stack gap="sm" maw={460}>
          <Title order={4}>{t.account.changePassword}</Title>
          <Text size="sm" c="dimmed">
            {t.account.changePasswordLead}
          </Text>
          <PasswordInput
            label={t.account.currentPassword}
            autoComplete="current-password"
            required
            error={errors.current_password && t.account.wrongCurrent}
            {...edit('current')}
          />
          <PasswordInput
            label={t.account.newPassword}
            description={t.auth.passwordHint}
            autoComplete="new-password"
            required
            minLength={10}
            error={errors.new_password}
            {...edit('next')}
          />
          <PasswordInput label={t.account.confirmPassword} autoComplete="new-password" required error={mismatch && t.account.mismatch} {...edit('confirm')} />
          {change.isError && Object.keys(errors).length === 0 && <ErrorState error={change.error} />}
          {change.data && (
            <Alert color="green" title={t.account.changed} data-testid="password-changed">
              {t.account.otherSessionsEnded(change.data.ended_sessions)}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={change.isPending}>
              {t.account.changePassword}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function Sessions() {
  const t = m();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const everywhere = useMutation({ mutationFn: () => signOut(true), onSuccess: () => void navigate('/sign-in') });
  return (
    <Card withBorder>
      <Stack gap="sm" align="flex-start">
        <Title order={4}>{t.account.sessions}</Title>
        <Text size="sm" c="dimmed">
          {t.account.signOutEverywhereLead}
        </Text>
        {everywhere.isError && <ErrorState error={everywhere.error} />}
        <Button color="red" variant="light" loading={everywhere.isPending} onClick={() => everywhere.mutate()}>
          {t.auth.signOutEverywhere}
        </Button>
      </Stack>
    </Card>
  );
}

/** `/account`: the signed-in person, their password and sessions (where the demo owner changes the first password). */
export function AccountPage() {
  const t = m();
  const { session } = useSession();
  if (!session) return null;
  return (
    <Page title={t.account.title} lead={t.account.lead}>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="md">
          <Profile session={session} />
          <Sessions />
        </Stack>
        <ChangePassword />
      </SimpleGrid>
    </Page>
  );
}

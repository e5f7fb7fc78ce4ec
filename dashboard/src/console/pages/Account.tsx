import { Alert, Card, PasswordInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { ApiError } from '../../api/client';
import { FactList } from '../../components/Facts';
import { FormCard } from '../../components/FormCard';
import { ErrorState } from '../../components/states';
import { formatDateTime } from '../../format';
import { ConsolePage } from '../ConsoleShell';
import { OperatorTokens } from '../operators/OperatorTokens';
import { consoleAuthApi, useConsoleSession, type ConsoleSession } from '../session';

const NO_PASSWORDS = { current: '', next: '', again: '' };

/** Your console password: the current one, then the new one twice. Your other console sessions end. */
function PasswordChange() {
  const [passwords, setPasswords] = useState(NO_PASSWORDS);
  const [typo, setTypo] = useState(false);
  const change = useMutation({
    mutationFn: () => consoleAuthApi.changePassword({ current_password: passwords.current, new_password: passwords.next }),
    onSuccess: () => setPasswords(NO_PASSWORDS),
  });
  const fieldError = (field: string) =>
    change.error instanceof ApiError ? change.error.fieldErrors.find((error) => error.field === field)?.message : undefined;
  const set = (field: keyof typeof NO_PASSWORDS) => (event: ChangeEvent<HTMLInputElement>) => {
    setPasswords({ ...passwords, [field]: event.currentTarget.value });
    setTypo(false);
  };
  const submit = () => {
    if (passwords.next !== passwords.again) return setTypo(true);
    change.mutate();
  };
  const fieldsFailed = !!(fieldError('current_password') || fieldError('new_password'));
  return (
    <FormCard title="Change your password" onSubmit={submit} submitLabel="Change password" submitting={change.isPending}>
      <Text size="sm" c="dimmed">
        At least 10 characters. Your other console sessions end; this one stays.
      </Text>
      <PasswordInput label="Current password" autoComplete="current-password" required value={passwords.current} onChange={set('current')} error={fieldError('current_password')} />
      <PasswordInput label="New password" autoComplete="new-password" required minLength={10} value={passwords.next} onChange={set('next')} error={fieldError('new_password')} />
      <PasswordInput label="New password again" autoComplete="new-password" required value={passwords.again} onChange={set('again')} error={typo && 'The two new passwords differ'} />
      {change.isError && !fieldsFailed && <ErrorState error={change.error} />}
      {change.data && (
        <Alert color="green" data-testid="password-changed">
          Password changed. {change.data.ended_sessions === 1 ? '1 other session ended.' : `${change.data.ended_sessions} other sessions ended.`}
        </Alert>
      )}
    </FormCard>
  );
}

function Profile({ session }: { session: ConsoleSession }) {
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>You</Title>
        <FactList
          withDivider
          facts={[
            { label: 'Name', value: session.operator.name, testId: 'account-name' },
            { label: 'Email', value: session.operator.email, testId: 'account-email' },
            { label: 'Role', value: session.operator.role, testId: 'account-role' },
            { label: 'Session ends', value: `${formatDateTime(session.expires_at)} at the latest` },
          ]}
        />
        <Text size="xs" c="dimmed">
          Lost your phone? Another admin resets your sign-in; you then set up your authenticator again.
        </Text>
      </Stack>
    </Card>
  );
}

/** `/account`: the signed-in operator, their password and their own API tokens (for the CLI and automation). */
export function AccountPage() {
  const { session, can } = useConsoleSession();
  if (!session) return null;
  const acts = can('operator');
  return (
    <ConsolePage title="Account" lead="Your console sign-in and your API tokens. Every action you take, in the console or with a token, is recorded under your name.">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Profile session={session} />
        <PasswordChange />
      </SimpleGrid>
      <Card withBorder>
        <Stack gap="sm">
          <Title order={4}>Your API tokens</Title>
          <Text size="sm" c="dimmed">
            For the CLI and automation, sent as “Authorization: Bearer &lt;token&gt;”. A read token only looks; an act token does what your role
            allows. {acts ? '' : 'Viewers cannot issue or revoke tokens: ask an admin.'}
          </Text>
          <OperatorTokens operatorId={session.operator.id} manage={acts} />
        </Stack>
      </Card>
    </ConsolePage>
  );
}

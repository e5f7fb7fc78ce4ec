import { Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { dashboardApi } from '../api/dashboard';
import { ErrorState } from '../components/states';
import { m } from '../i18n/messages';
import { useSession } from '../session';

function AuthCard({ title, lead, children }: { title: string; lead?: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Stack>
          <Text fw={700} c="indigo">
            {m().appName}
          </Text>
          <Title order={2}>{title}</Title>
          {lead && (
            <Text size="sm" c="dimmed">
              {lead}
            </Text>
          )}
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

export function SignInPage() {
  const t = m().auth;
  const { session, signedIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useMutation({
    mutationFn: () => dashboardApi.signIn({ email, password }),
    onSuccess: (result) => {
      signedIn(result);
      const from = (location.state as { from?: string } | null)?.from;
      void navigate(from && from !== '/sign-in' ? from : '/', { replace: true });
    },
  });
  if (session && !mutation.isPending && !mutation.isSuccess) return <Navigate to="/" replace />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  const failed = mutation.error instanceof ApiError && mutation.error.status === 401;
  return (
    <AuthCard title={t.signInTitle}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={t.email} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label={t.password} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          {mutation.error && (failed ? <Text c="red" size="sm" role="alert">{t.failed}</Text> : <ErrorState error={mutation.error} />)}
          <Button type="submit" loading={mutation.isPending}>
            {t.signIn}
          </Button>
          <Text size="sm">
            {t.noAccount}{' '}
            <Anchor component={Link} to="/sign-up">
              {t.signUpLink}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}

export function SignUpPage() {
  const t = m().auth;
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const [form, setForm] = useState({ merchant_name: '', name: '', email: '', password: '' });
  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (event: ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: event.currentTarget.value }),
  });
  const mutation = useMutation({
    mutationFn: () => dashboardApi.signUp(form),
    onSuccess: (result) => {
      signedIn(result, result.api_keys);
      void navigate('/', { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  return (
    <AuthCard title={t.signUpTitle} lead={t.signUpLead}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={t.merchantName} required autoComplete="organization" {...field('merchant_name')} />
          <TextInput label={t.name} required autoComplete="name" {...field('name')} />
          <TextInput label={t.email} type="email" required autoComplete="email" {...field('email')} />
          <PasswordInput label={t.password} description={t.passwordHint} required autoComplete="new-password" minLength={10} {...field('password')} />
          {mutation.error && <ErrorState error={mutation.error} />}
          <Button type="submit" loading={mutation.isPending}>
            {t.signUp}
          </Button>
          <Text size="sm">
            {t.haveAccount}{' '}
            <Anchor component={Link} to="/sign-in">
              {t.signInLink}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}

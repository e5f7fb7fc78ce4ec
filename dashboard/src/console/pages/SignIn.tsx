import { Alert, Button, Center, Code, Image, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { ApiError, type Schemas } from '../../api/client';
import { ErrorState } from '../../components/states';
import { consoleAuthApi, useConsoleSession } from '../session';

type Enrollment = Schemas['TotpEnrollmentDto'] & { qr: string };

/**
 * Console sign-in: email, password and the authenticator app's code. At the first sign-in the
 * server asks for the app to be set up: the page shows the secret as a QR code (and as text),
 * and the first code confirms it.
 */
export function ConsoleSignInPage() {
  const { session, signedIn } = useConsoleSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);

  const enroll = useMutation({
    mutationFn: async () => {
      const started = await consoleAuthApi.enroll({ email, password });
      return { ...started, qr: await QRCode.toDataURL(started.otpauth_uri, { margin: 1, width: 200 }) };
    },
    onSuccess: (started) => {
      setEnrollment(started);
      setCode('');
    },
  });
  const signIn = useMutation({
    mutationFn: () => consoleAuthApi.signIn({ email, password, ...(code ? { code } : {}) }),
    onSuccess: (result) => {
      signedIn(result);
      void navigate('/approvals', { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'TOTP_ENROLLMENT_REQUIRED_ERROR') enroll.mutate();
    },
  });
  if (session && !signIn.isPending && !signIn.isSuccess) return <Navigate to="/approvals" replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  const error = signIn.error instanceof ApiError && signIn.error.code === 'TOTP_ENROLLMENT_REQUIRED_ERROR' ? enroll.error : signIn.error;
  return (
    <Center mih="100vh" p="md" bg="gray.1">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={440}>
        <form onSubmit={submit}>
          <Stack>
            <Text fw={700}>Palladium operator console</Text>
            <Title order={2}>Sign in</Title>
            <TextInput label="Work email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            {enrollment && (
              <Alert color="indigo" title="Set up your authenticator app" data-testid="totp-enrollment">
                <Stack gap="xs">
                  <Text size="sm">Scan this code with your authenticator app (Google Authenticator, 1Password, Authy…), then enter the 6 digits it shows.</Text>
                  <Image src={enrollment.qr} alt="Authenticator QR code" w={200} h={200} />
                  <Text size="xs">
                    Or type the secret: <Code data-testid="totp-secret">{enrollment.secret}</Code>
                  </Text>
                </Stack>
              </Alert>
            )}
            <TextInput
              label="Authenticator code"
              description={enrollment ? 'The first code confirms the app.' : 'The 6 digits your authenticator app shows now.'}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
            />
            {error && (error instanceof ApiError && error.status === 401 ? <Text c="red" size="sm" role="alert">{error.message}</Text> : <ErrorState error={error} />)}
            <Button type="submit" loading={signIn.isPending || enroll.isPending}>
              Sign in
            </Button>
            <Text size="xs" c="dimmed">
              Lost your phone or password? Another admin resets your sign-in.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

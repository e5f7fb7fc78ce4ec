import type { Test } from 'supertest';
import type { OperatorRole } from '../../src/operators/operators.types';
import { totpCodeAt } from '../../src/operators/totp';
import { sessionCookieOf, testEmail } from './dashboard';
import { adminAuth, type TestApp } from './test-app';

/** An operator as an admin created them: their first console password. */
export interface NewOperator {
  id: string;
  name: string;
  email: string;
  role: OperatorRole;
  password: string;
}

/** An operator signed in to the console: the cookie, the CSRF token, and their authenticator's secret. */
export interface ConsoleSession extends NewOperator {
  cookie: string;
  csrf: string;
  totpSecret: string;
}

/** An admin (the bootstrap token unless `auth` says otherwise) creates a named operator. */
export async function createOperator(t: TestApp, name: string, role: OperatorRole, auth: Record<string, string> = adminAuth): Promise<NewOperator> {
  const email = testEmail(role).replace('@dashboard.test', '@ops.test');
  const response = await t.http.post('/admin/operators').set(auth).send({ name, email, role });
  if (response.status !== 201) throw new Error(`creating operator failed: ${response.status} ${response.text}`);
  return { id: response.body.id, name, email, role, password: response.body.initial_password };
}

/** Sets up the operator's authenticator (the first sign-in) and signs in with its first code. */
export async function enrollAndSignIn(t: TestApp, operator: NewOperator): Promise<ConsoleSession> {
  const enrollment = await t.http.post('/admin/console/totp-enrollment').send({ email: operator.email, password: operator.password });
  if (enrollment.status !== 200) throw new Error(`enrollment failed: ${enrollment.status} ${enrollment.text}`);
  const totpSecret = enrollment.body.secret as string;
  const response = await t.http.post('/admin/console/sign-in').send({ email: operator.email, password: operator.password, code: totpCodeAt(totpSecret) });
  const cookie = sessionCookieOf(response, 'palladium_console');
  if (response.status !== 200 || !cookie) throw new Error(`console sign-in failed: ${response.status} ${response.text}`);
  return { ...operator, cookie, csrf: response.body.csrf_token, totpSecret };
}

/** A request made in the operator's console session (with its CSRF token unless `csrf: false`). */
export function asOperator(session: Pick<ConsoleSession, 'cookie' | 'csrf'>, call: Test, options: { csrf?: boolean } = {}): Test {
  call.set('Cookie', session.cookie);
  if (options.csrf !== false) call.set('X-CSRF-Token', session.csrf);
  return call;
}

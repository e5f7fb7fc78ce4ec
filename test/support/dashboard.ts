import type { Test } from 'supertest';
import type { Environment } from '../../src/common/environment';
import type { PersonRole } from '../../src/common/http/dashboard-api';
import { adminAuth, type TestApp } from './test-app';

/** A signed-in dashboard person, as the browser holds them: the cookie and the CSRF token. */
export interface DashboardSession {
  /** `palladium_session=<token>`, for the Cookie header. */
  cookie: string;
  csrf: string;
  person: { id: string; name: string; email: string; role: PersonRole };
  merchant: { id: string; name: string; production_enabled: boolean };
}

export interface SignedUpMerchant extends DashboardSession {
  password: string;
  apiKeys: Record<Environment, string>;
}

let people = 0;

/** A fresh unique email for a test person. */
export function testEmail(label = 'person'): string {
  people += 1;
  return `${label}-${process.pid}-${people}-${Date.now()}@dashboard.test`;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** The session cookie a response set (name=value only), or undefined; the console's is `palladium_console`. */
export function sessionCookieOf(response: { headers: Record<string, unknown> }, name = 'palladium_session'): string | undefined {
  const cookies = ([] as string[]).concat((response.headers['set-cookie'] as string[] | string | undefined) ?? []);
  return cookies.find((c) => c.startsWith(`${name}=`))?.split(';')[0];
}

function session(response: { status: number; text: string; headers: Record<string, unknown>; body: DashboardSession & { csrf_token: string } }): DashboardSession {
  const cookie = sessionCookieOf(response);
  if (!cookie) throw new Error(`no session cookie: ${response.status} ${response.text}`);
  return { cookie, csrf: response.body.csrf_token, person: response.body.person, merchant: response.body.merchant };
}

/** Signs a new merchant up on the dashboard, as a browser does; its owner's session and keys. */
export async function signUp(t: TestApp, overrides: Partial<{ merchant_name: string; name: string; email: string; password: string }> = {}): Promise<SignedUpMerchant> {
  const body = {
    merchant_name: 'PT Dashboard Test',
    name: 'Owner Test',
    email: testEmail('owner'),
    password: TEST_PASSWORD,
    ...overrides,
  };
  const response = await t.http.post('/api/dashboard/sign-up').send(body);
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${response.text}`);
  return { ...session(response), password: body.password, apiKeys: response.body.api_keys };
}

export async function signIn(t: TestApp, email: string, password = TEST_PASSWORD): Promise<DashboardSession> {
  const response = await t.http.post('/api/dashboard/sign-in').send({ email, password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.text}`);
  return session(response);
}

/**
 * A request made as the signed-in person: the cookie, the CSRF token on changes (unless
 * `csrf: false`), and the environment header when given.
 */
export function as(s: Pick<DashboardSession, 'cookie' | 'csrf'>, call: Test, options: { csrf?: boolean; environment?: string } = {}): Test {
  call.set('Cookie', s.cookie);
  if (options.csrf !== false) call.set('X-CSRF-Token', s.csrf);
  if (options.environment !== undefined) call.set('X-Palladium-Environment', options.environment);
  return call;
}

/** An owner adds a teammate with a role; they sign in with the password the owner chose. */
export async function addTeammate(t: TestApp, owner: DashboardSession, role: PersonRole): Promise<DashboardSession> {
  const email = testEmail(role);
  const added = await as(owner, t.http.post('/api/dashboard/people')).send({ name: `A ${role}`, email, role, password: TEST_PASSWORD });
  if (added.status !== 201) throw new Error(`adding a ${role} failed: ${added.status} ${added.text}`);
  return signIn(t, email);
}

/** Operators switch production on (or off) for a merchant. */
export async function setProduction(t: TestApp, merchantId: string, enabled: boolean): Promise<void> {
  const response = await t.http.post(`/admin/merchants/${merchantId}/production`).set(adminAuth).send({ enabled });
  if (response.status !== 200) throw new Error(`production switch failed: ${response.status} ${response.text}`);
}

import type { Test } from 'supertest';
import { ACCESS, listedOperations, mayCall } from '../src/people/permissions';
import { addTeammate, as, type DashboardSession, sessionCookieOf, setProduction, signIn, signUp, TEST_PASSWORD, testEmail } from './support/dashboard';
import { servedApi } from './support/openapi';
import { adminAuth, bearer, startTestApp, type TestApp } from './support/test-app';

type Documented = { method: string; path: string; operationId: string };

const A_UUID = '00000000-0000-4000-8000-000000000000';

const newVirtualAccount = (externalId: string) => ({ bank_code: 'BNI', name: 'Toko Maju', is_single_use: false, amount: 50000, external_id: externalId });

/** Every operation of the OpenAPI document. */
async function documentedOperations(t: TestApp): Promise<Documented[]> {
  const document = await servedApi(t);
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path, operationId: operation.operationId })),
  );
}

const call = (t: TestApp, method: string, path: string): Test => (t.http as unknown as Record<string, (p: string) => Test>)[method](path);

// One app at a time: @nestjs-cls/transactional keeps one TransactionHost per process, and
// passport one registry of strategies, so each describe boots its own app after the previous one closed.

describe('dashboard: sign-up, sessions, CSRF, environments, roles, audit', () => {
  let t: TestApp;

  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('signs a merchant up with an owner, a session cookie and working development keys; production stays off', async () => {
    const email = testEmail('owner');
    const response = await t.http
      .post('/api/dashboard/sign-up')
      .send({ merchant_name: 'PT Toko Sari', name: 'Sari Wijaya', email, password: TEST_PASSWORD })
      .expect(201);
    expect(response.body).toEqual({
      person: { id: expect.any(String), name: 'Sari Wijaya', email, role: 'owner' },
      merchant: { id: expect.any(String), name: 'PT Toko Sari', production_enabled: false },
      csrf_token: expect.stringMatching(/^[\w-]{43}$/),
      api_keys: {
        development: expect.stringMatching(/^pallapi_secret_development_[0-9a-f]{32}$/),
        production: expect.stringMatching(/^pallapi_secret_production_[0-9a-f]{32}$/),
      },
    });

    // The cookie: HttpOnly, SameSite=Lax, Path=/, an absolute expiry, not Secure on http://localhost.
    const setCookie = ([] as string[]).concat(response.headers['set-cookie']).find((c) => c.startsWith('palladium_session='))!;
    const attributes = setCookie.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    expect(attributes.some((a) => a.startsWith('expires='))).toBe(true);
    expect(attributes).not.toContain('secure');
    expect(t.config.dashboard.secureCookies).toBe(false);

    const { api_keys: keys, merchant } = response.body;
    const me = await t.http.get('/api/v2/me').set(bearer(keys.development)).expect(200);
    expect(me.body.email).toBe(email);
    const refused = await t.http.get('/api/v2/me').set(bearer(keys.production)).expect(403);
    expect(refused.body.error_code).toBe('PRODUCTION_NOT_ENABLED_ERROR');

    // Created as operators create merchants: wallets, callback credentials, both keys.
    const shown = await t.http.get(`/admin/merchants/${merchant.id}`).set(adminAuth).expect(200);
    expect(shown.body).toMatchObject({ name: 'PT Toko Sari', email, production_enabled: false, callback_token: expect.any(String) });
    expect(shown.body.api_keys.development.hint).toBe(`…${keys.development.slice(-4)}`);

    // The session: who, which merchant, the same CSRF token.
    const cookie = sessionCookieOf(response)!;
    const current = await t.http.get('/api/dashboard/session').set('Cookie', cookie).expect(200);
    expect(current.body).toEqual({ person: response.body.person, merchant: response.body.merchant, csrf_token: response.body.csrf_token });
  });

  it('stores passwords as argon2id hashes and session tokens only as hashes', async () => {
    const owner = await signUp(t);
    const [person] = await t.sql<{ password_hash: string }>('SELECT password_hash FROM people WHERE id = $1', [owner.person.id]);
    expect(person.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(person.password_hash).not.toContain(TEST_PASSWORD);
    const token = owner.cookie.split('=')[1];
    const sessions = await t.sql('SELECT * FROM dashboard_sessions WHERE person_id = $1', [owner.person.id]);
    expect(sessions).toHaveLength(1);
    expect(JSON.stringify(sessions)).not.toContain(token);
  });

  it('refuses a second sign-up with the same email, and forms (JSON only)', async () => {
    const owner = await signUp(t);
    const again = await t.http
      .post('/api/dashboard/sign-up')
      .send({ merchant_name: 'PT Other', name: 'Other', email: owner.person.email.toUpperCase(), password: TEST_PASSWORD })
      .expect(409);
    expect(again.body.error_code).toBe('DUPLICATE_PERSON_ERROR');
    const form = await t.http.post('/api/dashboard/sign-in').type('form').send({ email: owner.person.email, password: TEST_PASSWORD }).expect(415);
    expect(form.body.error_code).toBe('UNSUPPORTED_MEDIA_TYPE_ERROR');
    const short = await t.http.post('/api/dashboard/sign-up').send({ merchant_name: 'PT X', name: 'X', email: testEmail(), password: 'short' }).expect(400);
    expect(short.body.errors).toEqual([{ field: 'password', message: 'password must be at least 10 characters long' }]);
    expect(short.text).not.toContain('short"');
  });

  it('signs in with the right password only, with one answer for a wrong password and an unknown email', async () => {
    const owner = await signUp(t);
    const wrong = await t.http.post('/api/dashboard/sign-in').send({ email: owner.person.email, password: 'not the password' }).expect(401);
    const unknown = await t.http.post('/api/dashboard/sign-in').send({ email: testEmail('nobody'), password: TEST_PASSWORD }).expect(401);
    expect(wrong.body).toEqual({ error_code: 'INVALID_CREDENTIALS_ERROR', message: 'Wrong email or password' });
    expect(unknown.body).toEqual(wrong.body);
    expect(sessionCookieOf(wrong)).toBeUndefined();

    const signedIn = await signIn(t, ` ${owner.person.email.toUpperCase()} `);
    expect(signedIn.person).toEqual(owner.person);
    expect(signedIn.cookie).not.toBe(owner.cookie);
    expect(signedIn.csrf).not.toBe(owner.csrf);
  });

  it('serves the merchant API to a session: reads without CSRF, changes only with the X-CSRF-Token of the session', async () => {
    const owner = await signUp(t);
    const created = await as(owner, t.http.post('/api/v2/create-virtual-account')).send(newVirtualAccount('dash-1')).expect(200);
    expect(created.body).toMatchObject({ external_id: 'dash-1', status: 'unpaid' });
    await t.http.get(`/api/v2/virtual-accounts/${created.body.id}`).set('Cookie', owner.cookie).expect(200);

    const withoutCsrf = await as(owner, t.http.post('/api/v2/create-virtual-account'), { csrf: false }).send(newVirtualAccount('dash-2')).expect(403);
    expect(withoutCsrf.body.error_code).toBe('CSRF_TOKEN_INVALID_ERROR');
    const wrongCsrf = await t.http
      .post('/api/v2/create-virtual-account')
      .set('Cookie', owner.cookie)
      .set('X-CSRF-Token', `${owner.csrf.slice(0, -1)}x`)
      .send(newVirtualAccount('dash-3'))
      .expect(403);
    expect(wrongCsrf.body.error_code).toBe('CSRF_TOKEN_INVALID_ERROR');
    // Another session's token is no good either.
    const other = await signIn(t, owner.person.email);
    await t.http.post('/api/v2/create-virtual-account').set('Cookie', owner.cookie).set('X-CSRF-Token', other.csrf).send(newVirtualAccount('dash-4')).expect(403);
    const found = await t.http.get('/api/v2/virtual-accounts?external_id=dash-2').set('Cookie', owner.cookie).expect(200);
    expect(found.body).toEqual([]);
  });

  it('lets a request with both a key and a cookie be decided by the key', async () => {
    const owner = await signUp(t);
    const badKey = await as(owner, t.http.get('/api/v2/me')).set(bearer(`pallapi_secret_development_${'0'.repeat(32)}`)).expect(401);
    expect(badKey.body.error_code).toBe('INVALID_API_KEY');
    // A key needs no CSRF token, cookie or not.
    await as(owner, t.http.post('/api/v2/create-virtual-account'), { csrf: false }).set(bearer(owner.apiKeys.development)).send(newVirtualAccount('both')).expect(200);
    const noSession = await t.http.get('/api/v2/me').set('Cookie', 'palladium_session=not-a-session').expect(401);
    expect(noSession.body.error_code).toBe('SESSION_INVALID_ERROR');
    const dashboardWithKey = await t.http.get('/api/dashboard/session').set(bearer(owner.apiKeys.development)).expect(401);
    expect(dashboardWithKey.body.error_code).toBe('SESSION_INVALID_ERROR');
  });

  it('scopes a session to the environment header: production refused until an operator switches it on', async () => {
    const owner = await signUp(t);
    const dev = await as(owner, t.http.get('/api/v2/me'), { environment: 'development' }).expect(200);
    expect(dev.body.name).toBe('PT Dashboard Test');
    const refused = await as(owner, t.http.get('/api/v2/me'), { environment: 'production' }).expect(403);
    expect(refused.body).toEqual({ error_code: 'PRODUCTION_NOT_ENABLED_ERROR', message: expect.stringMatching(/not switched on/) });
    const bogus = await as(owner, t.http.get('/api/v2/me'), { environment: 'staging' }).expect(400);
    expect(bogus.body.error_code).toBe('API_VALIDATION_ERROR');

    await setProduction(t, owner.merchant.id, true);
    await as(owner, t.http.get('/api/v2/me'), { environment: 'production' }).expect(200);
    await t.http.get('/api/v2/me').set(bearer(owner.apiKeys.production)).expect(200);
    expect((await t.http.get('/api/dashboard/session').set('Cookie', owner.cookie).expect(200)).body.merchant.production_enabled).toBe(true);

    // Each environment sees its own resources.
    const created = await as(owner, t.http.post('/api/v2/create-virtual-account'), { environment: 'development' }).send(newVirtualAccount('env-dev')).expect(200);
    await as(owner, t.http.get(`/api/v2/virtual-accounts/${created.body.id}`), { environment: 'production' }).expect(404);

    // Off again: refused at once, the cached production key included.
    await setProduction(t, owner.merchant.id, false);
    expect((await t.http.get('/api/v2/me').set(bearer(owner.apiKeys.production))).body.error_code).toBe('PRODUCTION_NOT_ENABLED_ERROR');
    await as(owner, t.http.get('/api/v2/me'), { environment: 'production' }).expect(403);
  });

  it('leaves merchants created by operators working in production', async () => {
    const merchant = await t.createMerchant();
    await t.http.get('/api/v2/me').set(bearer(merchant.api_keys.production)).expect(200);
    expect((await t.http.get(`/admin/merchants/${merchant.id}`).set(adminAuth).expect(200)).body.production_enabled).toBe(true);
  });

  it('ends a session at sign-out, and every session of the person at sign-out-everywhere', async () => {
    const owner = await signUp(t);
    const second = await signIn(t, owner.person.email);
    const out = await as(second, t.http.post('/api/dashboard/sign-out')).expect(200);
    expect(out.body).toEqual({ ended_sessions: 1 });
    expect(([] as string[]).concat(out.headers['set-cookie']).find((c) => c.startsWith('palladium_session='))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await t.http.get('/api/dashboard/session').set('Cookie', second.cookie).expect(401)).body.error_code).toBe('SESSION_INVALID_ERROR');
    await t.http.get('/api/dashboard/session').set('Cookie', owner.cookie).expect(200);
    // Sign-out changes something: it needs the CSRF token too.
    await as(owner, t.http.post('/api/dashboard/sign-out'), { csrf: false }).expect(403);

    const third = await signIn(t, owner.person.email);
    const everywhere = await as(third, t.http.post('/api/dashboard/sign-out-everywhere')).expect(200);
    expect(everywhere.body).toEqual({ ended_sessions: 2 });
    await t.http.get('/api/dashboard/session').set('Cookie', owner.cookie).expect(401);
    await t.http.get('/api/v2/me').set('Cookie', third.cookie).expect(401);
    // The API keys are not sessions: they keep working.
    await t.http.get('/api/v2/me').set(bearer(owner.apiKeys.development)).expect(200);
  });

  it('ends a session unused for the idle time, and any session at its absolute expiry', async () => {
    const owner = await signUp(t);
    const other = await signIn(t, owner.person.email);
    await t.sql(`UPDATE dashboard_sessions SET last_seen_at = now() - make_interval(secs => $2::int + 1) WHERE person_id = $1`, [
      owner.person.id,
      t.config.dashboard.sessionIdleSeconds,
    ]);
    await t.http.get('/api/dashboard/session').set('Cookie', owner.cookie).expect(401);
    const fresh = await signIn(t, owner.person.email);
    await t.http.get('/api/dashboard/session').set('Cookie', fresh.cookie).expect(200);
    await t.sql(`UPDATE dashboard_sessions SET expires_at = now() WHERE person_id = $1 AND created_at >= now() - interval '1 minute'`, [owner.person.id]);
    await t.http.get('/api/dashboard/session').set('Cookie', fresh.cookie).expect(401);
    await t.http.get('/api/dashboard/session').set('Cookie', other.cookie).expect(401);
  });

  it('gives each role what the access table says: a developer no statements, a viewer no change at all', async () => {
    const owner = await signUp(t);
    const [developer, finance, viewer] = [await addTeammate(t, owner, 'developer'), await addTeammate(t, owner, 'finance'), await addTeammate(t, owner, 'viewer')];
    expect(developer.person.role).toBe('developer');

    const statement = await as(developer, t.http.get('/api/v2/transactions?wallet=income')).expect(403);
    expect(statement.body).toEqual({ error_code: 'FORBIDDEN_ERROR', message: 'Your role (developer) may not do this (getStatement); ask an owner' });
    await as(finance, t.http.get('/api/v2/transactions?wallet=income')).expect(200);
    await as(owner, t.http.get('/api/v2/transactions?wallet=income')).expect(200);
    await as(developer, t.http.post('/api/v2/create-virtual-account')).send(newVirtualAccount('by-developer')).expect(200);
    await as(finance, t.http.post('/api/v2/create-virtual-account')).send(newVirtualAccount('by-finance')).expect(403);
    await as(developer, t.http.get('/api/dashboard/api-keys')).expect(200);
    await as(finance, t.http.post('/api/dashboard/api-keys/development/rotate')).expect(403);
    await as(developer, t.http.get('/api/v2/callback-secrets')).expect(200);
    await as(finance, t.http.get('/api/v2/callback-secrets')).expect(403);
    await as(viewer, t.http.get('/api/v2/me')).expect(200);
    await as(viewer, t.http.get('/api/dashboard/people')).expect(200);
    await as(developer, t.http.get('/api/dashboard/audit')).expect(403);

    // A viewer: every operation that changes something is refused before it is looked at.
    const changes = (await documentedOperations(t)).filter(
      ({ method, path, operationId }) => method !== 'get' && (path.startsWith('/api/v2') || path.startsWith('/api/dashboard')) && !mayCall('viewer', operationId) && !['signUp', 'signIn'].includes(operationId),
    );
    expect(changes.length).toBeGreaterThan(20);
    const allowed: string[] = [];
    for (const { method, path, operationId } of changes) {
      const response = await as(viewer, call(t, method, path.replace(/\{[^}]+\}/g, A_UUID))).send({});
      if (response.status !== 403 || response.body.error_code !== 'FORBIDDEN_ERROR') allowed.push(`${operationId}: ${response.status} ${response.text}`);
    }
    expect(allowed).toEqual([]);
    // What a viewer may do that is not a GET changes nothing: POST /me reads balances; sign-out ends their own session.
    expect(ACCESS.flatMap((row) => (row.roles.includes('viewer') ? Object.entries(row.operations) : [])).filter(([, audit]) => audit !== null)).toEqual([]);
  });

  it('lists every documented dashboard and merchant-API operation in the access table, and nothing else', async () => {
    const documented = (await documentedOperations(t))
      .filter(({ path }) => path.startsWith('/api/v2') || path.startsWith('/api/dashboard'))
      .map((o) => o.operationId)
      .filter((id) => !['signUp', 'signIn'].includes(id));
    expect(documented.filter((id) => !listedOperations().includes(id))).toEqual([]);
    expect(listedOperations().filter((id) => !documented.includes(id))).toEqual([]);
  });

  it("keeps a merchant's people out of another merchant's data (404 as for keys)", async () => {
    const [a, b] = [await signUp(t), await signUp(t)];
    const theirs = await t.http.post('/api/v2/create-virtual-account').set(bearer(b.apiKeys.development)).send(newVirtualAccount('b-only')).expect(200);
    const read = await t.http.get(`/api/v2/virtual-accounts/${theirs.body.id}`).set('Cookie', a.cookie).expect(404);
    expect(read.body.error_code).toBe('VIRTUAL_ACCOUNT_NOT_FOUND_ERROR');
    await as(a, t.http.post(`/api/v2/simulate/virtual-accounts/${theirs.body.id}/pay`)).send({}).expect(404);
    const changeTheirs = await as(a, t.http.patch(`/api/dashboard/people/${b.person.id}`)).send({ role: 'viewer' }).expect(404);
    expect(changeTheirs.body.error_code).toBe('PERSON_NOT_FOUND_ERROR');
    await as(a, t.http.delete(`/api/dashboard/people/${b.person.id}`)).expect(404);
    const team = await as(a, t.http.get('/api/dashboard/people')).expect(200);
    expect(team.body.map((p: { id: string }) => p.id)).toEqual([a.person.id]);
    // B's key is B's, whatever A's cookie says.
    expect((await as(a, t.http.get(`/api/v2/virtual-accounts/${theirs.body.id}`)).set(bearer(b.apiKeys.development)).expect(200)).body.id).toBe(theirs.body.id);
  });

  it('keeps at least one owner; a removed person is signed out at once', async () => {
    const owner = await signUp(t);
    expect((await as(owner, t.http.patch(`/api/dashboard/people/${owner.person.id}`)).send({ role: 'developer' }).expect(409)).body.error_code).toBe('LAST_OWNER_ERROR');
    expect((await as(owner, t.http.delete(`/api/dashboard/people/${owner.person.id}`)).expect(409)).body.error_code).toBe('LAST_OWNER_ERROR');
    const developer = await addTeammate(t, owner, 'developer');
    await as(owner, t.http.patch(`/api/dashboard/people/${developer.person.id}`)).send({ role: 'owner' }).expect(200);
    // Now the first owner may step down; the new owner removes them.
    await as(owner, t.http.patch(`/api/dashboard/people/${owner.person.id}`)).send({ role: 'viewer' }).expect(200);
    const removed = await as(developer, t.http.delete(`/api/dashboard/people/${owner.person.id}`)).expect(200);
    expect(removed.body).toEqual({ id: owner.person.id, removed: true, ended_sessions: 1 });
    await t.http.get('/api/dashboard/session').set('Cookie', owner.cookie).expect(401);
    await t.http.post('/api/dashboard/sign-in').send({ email: owner.person.email, password: TEST_PASSWORD }).expect(401);
    // Their email is free again.
    const added = await as(developer, t.http.post('/api/dashboard/people')).send({ name: 'Back', email: owner.person.email, role: 'finance', password: TEST_PASSWORD });
    expect(added.status).toBe(201);
  });

  it('shows owners an audit trail of who did what, with before/after and the request id; the database refuses to change it', async () => {
    const owner = await signUp(t);
    const developer = await addTeammate(t, owner, 'developer');
    await as(owner, t.http.patch(`/api/dashboard/people/${developer.person.id}`)).send({ role: 'viewer' }).expect(200);
    const rotated = await as(owner, t.http.post('/api/dashboard/api-keys/development/rotate')).set('X-Request-Id', 'rotate-req-1').expect(200);
    expect(rotated.body.api_key).toMatch(/^pallapi_secret_development_[0-9a-f]{32}$/);
    await t.http.get('/api/v2/me').set(bearer(owner.apiKeys.development)).expect(401);
    await t.http.get('/api/v2/me').set(bearer(rotated.body.api_key)).expect(200);
    const keys = await as(owner, t.http.get('/api/dashboard/api-keys')).expect(200);
    expect(keys.body).toEqual({
      development: { hint: `…${rotated.body.api_key.slice(-4)}`, created_at: expect.any(String) },
      production: { hint: `…${owner.apiKeys.production.slice(-4)}`, created_at: expect.any(String) },
    });
    const va = await as(owner, t.http.post('/api/v2/create-virtual-account')).set('X-Request-Id', 'va-req-1').send(newVirtualAccount('audited')).expect(200);
    await t.http.post('/api/v2/create-virtual-account').set(bearer(rotated.body.api_key)).send(newVirtualAccount('by-key')).expect(200);
    await as(owner, t.http.put('/api/v2/callback-urls')).send({ 'virtual_account.paid': 'https://shop.example/cb' }).expect(200);
    await setProduction(t, owner.merchant.id, true);
    await as(owner, t.http.post('/api/dashboard/sign-out')).expect(200);
    const again = await signIn(t, owner.person.email);

    const page = await as(again, t.http.get('/api/dashboard/audit?limit=50')).expect(200);
    const entries = page.body.data as Array<{ action: string; person: { id: string } | null; target: string; before: unknown; after: unknown; request_id: string; at: string; environment: string | null }>;
    const byAction = (action: string) => entries.filter((e) => e.action === action);
    expect(entries.map((e) => e.action)).toEqual([
      'person.signed_in',
      'person.signed_out',
      'merchant.production_enabled',
      'callback_urls.updated',
      'virtual_account.created',
      'api_key.rotated',
      'person.role_changed',
      'person.signed_in',
      'person.added',
      'person.signed_in',
      'merchant.signed_up',
    ]);
    const me = { id: owner.person.id, name: owner.person.name, email: owner.person.email };
    expect(byAction('person.role_changed')[0]).toMatchObject({ person: me, target: `person:${developer.person.id}`, before: { role: 'developer' }, after: { role: 'viewer' } });
    expect(byAction('api_key.rotated')[0]).toMatchObject({
      person: me,
      environment: 'development',
      target: 'api_key:development',
      before: { hint: `…${owner.apiKeys.development.slice(-4)}` },
      after: { hint: `…${rotated.body.api_key.slice(-4)}` },
      request_id: 'rotate-req-1',
    });
    expect(byAction('virtual_account.created')[0]).toMatchObject({
      person: me,
      environment: 'development',
      target: `virtual_account:${va.body.id}`,
      request_id: 'va-req-1',
      after: { method: 'POST', route: '/api/v2/create-virtual-account', body: newVirtualAccount('audited') },
    });
    expect(byAction('person.added')[0]).toMatchObject({ after: { name: 'A developer', email: developer.person.email, role: 'developer' } });
    expect(byAction('merchant.production_enabled')[0]).toMatchObject({ person: null, before: { production_enabled: false }, after: { production_enabled: true } });
    expect(entries.every((e) => typeof e.request_id === 'string' && e.request_id.length > 0)).toBe(true);
    // Nothing secret in it: no password, no key, no token.
    const text = JSON.stringify(entries);
    for (const secret of [TEST_PASSWORD, rotated.body.api_key, owner.apiKeys.development, owner.cookie.split('=')[1], owner.csrf]) expect(text).not.toContain(secret);

    // Pages newest first.
    const first = await as(again, t.http.get('/api/dashboard/audit?limit=4')).expect(200);
    const second = await as(again, t.http.get(`/api/dashboard/audit?limit=4&cursor=${first.body.next_cursor}`)).expect(200);
    expect([...first.body.data, ...second.body.data].map((e: { id: string }) => e.id)).toEqual(entries.slice(0, 8).map((e) => (e as unknown as { id: string }).id));

    await expect(t.sql('UPDATE audit_log SET action = $1 WHERE merchant_id = $2', ['person.nothing', owner.merchant.id])).rejects.toThrow(/cannot be changed or deleted/);
    await expect(t.sql('DELETE FROM audit_log WHERE merchant_id = $1', [owner.merchant.id])).rejects.toThrow(/cannot be changed or deleted/);
    await expect(t.sql('TRUNCATE audit_log')).rejects.toThrow(/cannot be changed or deleted/);
  });

  it('lets a person change their password, which ends their other sessions', async () => {
    const owner = await signUp(t);
    const other = await signIn(t, owner.person.email);
    const wrong = await as(owner, t.http.post('/api/dashboard/password')).send({ current_password: 'not it at all', new_password: 'a new long password' }).expect(400);
    expect(wrong.body.errors).toEqual([{ field: 'current_password', message: 'is not your password' }]);
    await as(owner, t.http.post('/api/dashboard/password')).send({ current_password: TEST_PASSWORD, new_password: 'a new long password' }).expect(200, { ended_sessions: 1 });
    await t.http.get('/api/dashboard/session').set('Cookie', other.cookie).expect(401);
    await t.http.get('/api/dashboard/session').set('Cookie', owner.cookie).expect(200);
    await t.http.post('/api/dashboard/sign-in').send({ email: owner.person.email, password: TEST_PASSWORD }).expect(401);
    await signIn(t, owner.person.email, 'a new long password');
  });

  it('lets operators give a merchant they created its first owner, with a generated password shown once', async () => {
    const merchant = await t.createMerchant();
    const email = testEmail('first-owner');
    const added = await t.http.post(`/admin/merchants/${merchant.id}/people`).set(adminAuth).send({ name: 'First Owner', email, role: 'owner' }).expect(201);
    expect(added.body).toEqual({ person: { id: expect.any(String), name: 'First Owner', email, role: 'owner', created_at: expect.any(String) }, password: expect.stringMatching(/^[\w-]{20}$/) });
    const session: DashboardSession = await signIn(t, email, added.body.password);
    expect(session.merchant).toEqual({ id: merchant.id, name: merchant.name, production_enabled: true });
    await as(session, t.http.get('/api/v2/me'), { environment: 'production' }).expect(200);
    await t.http.post(`/admin/merchants/${A_UUID}/people`).set(adminAuth).send({ name: 'X', email: testEmail(), role: 'owner' }).expect(404);
  });
});

describe('dashboard sign-in throttling', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ SIGN_IN_ATTEMPTS_PER_EMAIL: '3', SIGN_IN_ATTEMPTS_PER_IP: '5', SIGN_IN_WINDOW_SECONDS: '900', TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const attempt = (email: string, password: string, address: string) => t.http.post('/api/dashboard/sign-in').set(from(address)).send({ email, password });

  it('refuses an email after its failed attempts, even with the right password and from another address', async () => {
    const owner = await signUp(t);
    for (let i = 0; i < 3; i += 1) expect((await attempt(owner.person.email, 'wrong password!', '198.51.100.10')).status).toBe(401);
    const limited = await attempt(owner.person.email, TEST_PASSWORD, '198.51.100.10');
    expect(limited.status).toBe(429);
    expect(limited.body.error_code).toBe('RATE_LIMITED_ERROR');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
    expect((await attempt(owner.person.email, TEST_PASSWORD, '198.51.100.11')).status).toBe(429);
    // The owner's existing session is not affected.
    await t.http.get('/api/dashboard/session').set('Cookie', owner.cookie).expect(200);
  });

  it('refuses an address after its failed attempts across emails', async () => {
    for (let i = 0; i < 5; i += 1) expect((await attempt(testEmail('guess'), 'wrong password!', '198.51.100.20')).status).toBe(401);
    expect((await attempt(testEmail('guess'), 'wrong password!', '198.51.100.20')).status).toBe(429);
    expect((await attempt(testEmail('guess'), 'wrong password!', '198.51.100.21')).status).toBe(401);
  });

  it('counts a burst in parallel, and does not count successful sign-ins', async () => {
    const owner = await signUp(t, {});
    const burst = await Promise.all(Array.from({ length: 10 }, () => attempt(owner.person.email, 'wrong password!', '198.51.100.30')));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(3);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(7);

    const other = await signUp(t);
    for (let i = 0; i < 8; i += 1) expect((await attempt(other.person.email, TEST_PASSWORD, '198.51.100.40')).status).toBe(200);
  });
});

import { totpCodeAt } from '../src/operators/totp';
import { asOperator, createOperator, enrollAndSignIn } from './support/console';
import { sessionCookieOf } from './support/dashboard';
import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';

/** Operators sign in to the console under their own names: password + TOTP, sessions like the merchants' (issue 15). */
describe('operator console sign-in', () => {
  jest.setTimeout(60_000);
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const auditOf = (operatorId: string) =>
    t.sql<{ action: string; operator_via: string; after: unknown }>('SELECT action, operator_via, after FROM audit_log WHERE operator_id = $1 ORDER BY id', [operatorId]);

  it('sets the authenticator up at the first sign-in, then asks its code every time, each code once', async () => {
    const sari = await createOperator(t, 'Sari Dewi', 'approver');
    expect(sari.password).toMatch(/^[\w-]{20}$/);
    const password = { email: sari.email, password: sari.password };

    const unenrolled = await t.http.post('/admin/console/sign-in').send({ ...password, code: '123456' }).expect(403);
    expect(unenrolled.body.error_code).toBe('TOTP_ENROLLMENT_REQUIRED_ERROR');
    const enrollment = await t.http.post('/admin/console/totp-enrollment').send(password).expect(200);
    expect(enrollment.body.otpauth_uri).toContain(`secret=${enrollment.body.secret}`);
    const secret = enrollment.body.secret as string;

    const wrong = await t.http.post('/admin/console/sign-in').send({ ...password, code: totpCodeAt(secret, Date.now() - 120_000) }).expect(401);
    expect(wrong.body).toMatchObject({ error_code: 'TOTP_CODE_INVALID_ERROR' });
    expect(sessionCookieOf(wrong, 'palladium_console')).toBeUndefined();

    const code = totpCodeAt(secret);
    const signedIn = await t.http.post('/admin/console/sign-in').send({ ...password, code }).expect(200);
    expect(signedIn.body.operator).toEqual({ id: sari.id, name: 'Sari Dewi', email: sari.email, role: 'approver' });
    const setCookie = ([] as string[]).concat(signedIn.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('palladium_console='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Path=\/admin/);
    expect(setCookie).toMatch(/SameSite=Lax/);

    // Enrolled now: no second secret, the same code is not taken twice, and a code is required.
    await t.http.post('/admin/console/totp-enrollment').send(password).expect(409);
    expect((await t.http.post('/admin/console/sign-in').send({ ...password, code }).expect(401)).body.error_code).toBe('TOTP_CODE_INVALID_ERROR');
    await t.http.post('/admin/console/sign-in').send(password).expect(401);
    const operators = (await t.http.get('/admin/operators').set(adminAuth).expect(200)).body as { id: string; totp_enrolled: boolean }[];
    expect(operators.find((o) => o.id === sari.id)!.totp_enrolled).toBe(true);

    expect((await auditOf(sari.id)).map((entry) => entry.action)).toEqual([
      'operator.totp_enrollment_started',
      'operator.sign_in_refused',
      'operator.signed_in_totp_enrolled',
      'operator.sign_in_refused',
      'operator.sign_in_refused',
    ]);
  });

  it('gives a wrong password and an unknown email the same answer', async () => {
    const oki = await createOperator(t, 'Oki Operator', 'operator');
    const wrongPassword = await t.http.post('/admin/console/sign-in').send({ email: oki.email, password: 'not the password', code: '000000' }).expect(401);
    const unknown = await t.http.post('/admin/console/sign-in').send({ email: 'nobody@ops.test', password: 'not the password', code: '000000' }).expect(401);
    expect(wrongPassword.body).toEqual(unknown.body);
    expect(unknown.body.error_code).toBe('INVALID_CREDENTIALS_ERROR');
    const form = await t.http.post('/admin/console/sign-in').type('form').send({ email: oki.email, password: oki.password }).expect(415);
    expect(form.body.error_code).toBe('UNSUPPORTED_MEDIA_TYPE_ERROR');
  });

  it('lets a session use /admin as its operator: looking freely, changing with the CSRF token, recorded under their name', async () => {
    const ayu = await enrollAndSignIn(t, await createOperator(t, 'Ayu Admin', 'admin'));
    const session = await asOperator(ayu, t.http.get('/admin/console/session')).expect(200);
    expect(session.body).toMatchObject({ operator: { id: ayu.id, name: 'Ayu Admin', role: 'admin' }, csrf_token: ayu.csrf });
    expect((await asOperator(ayu, t.http.get('/admin/operators/me')).expect(200)).body).toMatchObject({ name: 'Ayu Admin', via: 'console', scope: 'act' });

    const withoutCsrf = await asOperator(ayu, t.http.post('/admin/operators'), { csrf: false }).send({ name: 'Vina Viewer', email: 'vina@ops.test', role: 'viewer' }).expect(403);
    expect(withoutCsrf.body.error_code).toBe('CSRF_TOKEN_INVALID_ERROR');
    const vina = (await asOperator(ayu, t.http.post('/admin/operators')).send({ name: 'Vina Viewer', email: 'vina@ops.test', role: 'viewer' }).expect(201)).body;
    expect(vina).toMatchObject({ name: 'Vina Viewer', created_by: 'Ayu Admin (console)', totp_enrolled: false });
    expect((await auditOf(ayu.id)).at(-1)).toMatchObject({ action: 'admin.create_operator', operator_via: 'console' });
    // The first password is redacted in the trail.
    expect(JSON.stringify(await t.sql('SELECT after FROM audit_log'))).not.toContain(vina.initial_password);

    // A viewer signed in may look, not act.
    const viewer = await enrollAndSignIn(t, { id: vina.id, name: vina.name, email: vina.email, role: 'viewer', password: vina.initial_password });
    await asOperator(viewer, t.http.get('/admin/top-ups')).expect(200);
    const refused = await asOperator(viewer, t.http.post('/admin/operators')).send({ name: 'X', email: 'x@ops.test', role: 'admin' }).expect(403);
    expect(refused.body).toMatchObject({ error_code: 'OPERATOR_FORBIDDEN_ERROR' });
    // The refusal is in the trail, under the viewer's name.
    expect((await auditOf(viewer.id)).at(-1)).toMatchObject({
      action: 'admin.create_operator_refused',
      operator_via: 'console',
      after: expect.objectContaining({ refused: { error_code: 'OPERATOR_FORBIDDEN_ERROR', message: 'Vina Viewer is a viewer; this needs the admin role' } }),
    });

    // A bearer token wins over the cookie; a cookie alone without a session is refused.
    expect((await asOperator(viewer, t.http.get('/admin/operators/me')).set(adminAuth).expect(200)).body.via).toBe('bootstrap token');
    const ended = await t.http.get('/admin/top-ups').set('Cookie', 'palladium_console=' + 'x'.repeat(43)).expect(401);
    expect(ended.body.error_code).toBe('SESSION_INVALID_ERROR');
  });

  it('ends sessions at sign-out, when the operator is disabled, and when an admin resets their sign-in', async () => {
    const ayu = await enrollAndSignIn(t, await createOperator(t, 'Ayu Second', 'admin'));
    const budi = await enrollAndSignIn(t, await createOperator(t, 'Budi Approver', 'approver'));

    const reset = await asOperator(ayu, t.http.post(`/admin/operators/${budi.id}/reset-sign-in`)).send({}).expect(200);
    expect(reset.body).toMatchObject({ id: budi.id, totp_enrolled: false });
    expect(reset.body.initial_password).not.toBe(budi.password);
    await asOperator(budi, t.http.get('/admin/console/session')).expect(401);
    // The old password and authenticator are gone; the new password sets a new one up.
    await t.http.post('/admin/console/sign-in').send({ email: budi.email, password: budi.password, code: totpCodeAt(budi.totpSecret) }).expect(401);
    const again = await enrollAndSignIn(t, { ...budi, password: reset.body.initial_password });
    await asOperator(ayu, t.http.post(`/admin/operators/${ayu.id}/reset-sign-in`)).send({}).expect(403);

    await asOperator(ayu, t.http.post(`/admin/operators/${budi.id}/disable`)).send({}).expect(200);
    await asOperator(again, t.http.get('/admin/console/session')).expect(401);

    await asOperator(ayu, t.http.post('/admin/console/sign-out')).send({}).expect(200, { ended_sessions: 1 });
    await asOperator(ayu, t.http.get('/admin/console/session')).expect(401);
  });

  it('changes the password with the current one and ends the other sessions', async () => {
    const nia = await createOperator(t, 'Nia Operator', 'operator');
    const first = await enrollAndSignIn(t, nia);
    const nextCode = totpCodeAt(first.totpSecret, Date.now() + 30_000);
    const second = await t.http.post('/admin/console/sign-in').send({ email: nia.email, password: nia.password, code: nextCode }).expect(200);
    const secondSession = { cookie: sessionCookieOf(second, 'palladium_console')!, csrf: second.body.csrf_token as string };

    const wrong = await asOperator(first, t.http.post('/admin/console/password')).send({ current_password: 'not it at all', new_password: 'a brand new passphrase' }).expect(400);
    expect(wrong.body.errors).toEqual([{ field: 'current_password', message: 'is not your password' }]);
    await asOperator(first, t.http.post('/admin/console/password')).send({ current_password: nia.password, new_password: 'a brand new passphrase' }).expect(200, { ended_sessions: 1 });
    await asOperator(secondSession, t.http.get('/admin/console/session')).expect(401);
    await asOperator(first, t.http.get('/admin/console/session')).expect(200);
    // Tokens are untouched by console matters.
    const token = (await asOperator(first, t.http.post(`/admin/operators/${nia.id}/tokens`)).send({ name: 'desk', scope: 'read' }).expect(201)).body.token as string;
    await t.http.get('/admin/operators/me').set(bearer(token)).expect(200);
  });
});

import { runCli } from './support/processes';
import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';

/** Named operators and their scoped, revocable tokens on /admin (issue 15). */
describe('operators and their tokens', () => {
  jest.setTimeout(60_000);
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const createOperator = async (auth: Record<string, string>, name: string, role: string) =>
    (await t.http.post('/admin/operators').set(auth).send({ name, email: `${name.split(' ')[0].toLowerCase()}@ops.test`, role }).expect(201)).body as { id: string };
  const issueToken = async (auth: Record<string, string>, operatorId: string, name: string, scope = 'act') =>
    (await t.http.post(`/admin/operators/${operatorId}/tokens`).set(auth).send({ name, scope }).expect(201)).body as { id: string; token: string; hint: string };
  const pendingTopUp = async () => {
    const merchant = await t.createMerchant();
    const { body } = await t.http.post('/api/v2/top-ups').set(bearer(merchant.api_keys.production)).send({ amount: 100_000, transfer_reference: `trf-${merchant.id}` }).expect(201);
    return body.id as string;
  };

  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  let operator: Record<string, string>;
  let operatorId: string;

  it('the bootstrap token creates the first admin, whose own token then names them on every request', async () => {
    const first = await createOperator(adminAuth, 'Ayu Admin', 'admin');
    const issued = await issueToken(adminAuth, first.id, 'ops-laptop');
    expect(issued.token).toMatch(/^pallop_[0-9a-f]{40}$/);
    expect(issued.hint).toBe(`…${issued.token.slice(-4)}`);
    admin = bearer(issued.token);
    expect((await t.http.get('/admin/operators/me').set(admin).expect(200)).body).toEqual({
      operator_id: first.id,
      name: 'Ayu Admin',
      role: 'admin',
      scope: 'act',
      via: 'token:ops-laptop',
    });
    const listed = (await t.http.get('/admin/operators').set(admin).expect(200)).body as { name: string; created_by: string }[];
    expect(listed).toEqual([expect.objectContaining({ name: 'Ayu Admin', created_by: 'bootstrap token' })]);
    // Only the hash is kept.
    const [stored] = await t.sql<{ token_hash: string; hint: string }>('SELECT token_hash, hint FROM operator_tokens WHERE id = $1', [issued.id]);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await t.sql('SELECT * FROM operator_tokens'))).not.toContain(issued.token);
  });

  it('lets a viewer look but not act, and an operator act but not manage operators', async () => {
    const viewerRow = await createOperator(admin, 'Vina Viewer', 'viewer');
    viewer = bearer((await issueToken(admin, viewerRow.id, 'dashboard')).token);
    const operatorRow = await createOperator(admin, 'Oki Operator', 'operator');
    operatorId = operatorRow.id;
    operator = bearer((await issueToken(admin, operatorRow.id, 'desk')).token);
    expect((await t.http.get('/admin/operators').set(admin)).body.find((o: { name: string }) => o.name === 'Oki Operator').created_by).toBe('Ayu Admin (token:ops-laptop)');

    const topUp = await pendingTopUp();
    await t.http.get('/admin/top-ups?status=pending').set(viewer).expect(200);
    const refused = await t.http.post(`/admin/top-ups/${topUp}/approve`).set(viewer).send({}).expect(403);
    expect(refused.body).toMatchObject({ error_code: 'OPERATOR_FORBIDDEN_ERROR', message: 'Vina Viewer is a viewer; this needs the operator role' });
    expect((await t.sql<{ status: string }>('SELECT status FROM top_ups WHERE id = $1', [topUp]))[0].status).toBe('pending');
    await t.http.post(`/admin/top-ups/${topUp}/approve`).set(operator).send({}).expect(200);

    const managing = await t.http.post('/admin/operators').set(operator).send({ name: 'X', email: 'x@ops.test', role: 'admin' }).expect(403);
    expect(managing.body.message).toBe('Oki Operator is an operator; this needs the admin role');
    await t.http.get('/admin/operators').set(operator).expect(403);
  });

  it('keeps tokens to their operator: one may issue and revoke their own, not another\'s', async () => {
    const own = await issueToken(operator, operatorId, 'second-laptop', 'read');
    const adminRow = (await t.http.get('/admin/operators/me').set(admin)).body.operator_id as string;
    const foreign = await t.http.post(`/admin/operators/${adminRow}/tokens`).set(operator).send({ name: 'sneaky', scope: 'act' }).expect(403);
    expect(foreign.body.error_code).toBe('OPERATOR_FORBIDDEN_ERROR');
    const theirTokens = (await t.http.get(`/admin/operators/${operatorId}/tokens`).set(operator).expect(200)).body as { name: string; scope: string }[];
    expect(theirTokens.map((token) => `${token.name}:${token.scope}`).sort()).toEqual(['desk:act', 'second-laptop:read']);

    // A read token looks and does nothing else, whatever the role.
    const readOnly = bearer(own.token);
    await t.http.get('/admin/top-ups').set(readOnly).expect(200);
    const topUp = await pendingTopUp();
    const refused = await t.http.post(`/admin/top-ups/${topUp}/approve`).set(readOnly).send({}).expect(403);
    expect(refused.body.message).toBe('token:second-laptop is a read-only token');

    await t.http.post(`/admin/operator-tokens/${own.id}/revoke`).set(operator).expect(200);
    expect((await t.http.get('/admin/top-ups').set(readOnly).expect(401)).body.error_code).toBe('INVALID_ADMIN_TOKEN');
  });

  it('disabling an operator stops all their tokens at once; names and ids stay for the record', async () => {
    await t.http.post(`/admin/operators/${operatorId}/disable`).set(admin).expect(200);
    await t.http.get('/admin/top-ups').set(operator).expect(401);
    const [row] = await t.sql<{ disabled_at: Date | null; name: string }>('SELECT disabled_at, name FROM operators WHERE id = $1', [operatorId]);
    expect(row).toMatchObject({ name: 'Oki Operator', disabled_at: expect.any(Date) });
    // Their email is free again for a new account.
    await t.http.post('/admin/operators').set(admin).send({ name: 'Oki Operator', email: 'oki@ops.test', role: 'operator' }).expect(201);
  });

  it('names the operator on what they did, in the merchant\'s audit trail too; tokens and passwords are never recorded', async () => {
    const merchant = await t.createMerchant();
    await t.http.post(`/admin/merchants/${merchant.id}/api-keys/development/rotate`).set(admin).expect(200);
    const trail = (await t.http.get(`/admin/audit?merchant_id=${merchant.id}`).set(admin).expect(200)).body.data as { action: string; operator: unknown }[];
    expect(trail.map((entry) => entry.action)).toEqual(['api_key.rotated']);
    expect(trail[0].operator).toEqual({ id: expect.any(String), name: 'Ayu Admin', via: 'token:ops-laptop' });
    const issued = (await t.http.get('/admin/audit?action=admin.issue_operator_token').set(admin).expect(200)).body.data as { after: unknown; merchant_id: unknown }[];
    expect(issued.length).toBeGreaterThan(0);
    expect(issued[0].merchant_id).toBeNull();
    expect(JSON.stringify(await t.sql('SELECT * FROM audit_log'))).not.toMatch(/pallop_[0-9a-f]{40}/);
  });

  it('answers bad input and unknown ids precisely', async () => {
    const duplicate = await t.http.post('/admin/operators').set(admin).send({ name: 'Vina Again', email: 'VINA@ops.test', role: 'viewer' }).expect(409);
    expect(duplicate.body.error_code).toBe('DUPLICATE_OPERATOR_ERROR');
    const badRole = await t.http.post('/admin/operators').set(admin).send({ name: 'Z', email: 'z@ops.test', role: 'root' }).expect(400);
    expect(JSON.stringify(badRole.body)).toContain('role must be one of viewer, operator, approver, admin');
    const badScope = await t.http.post(`/admin/operators/${operatorId}/tokens`).set(admin).send({ name: 'x', scope: 'all' }).expect(400);
    expect(JSON.stringify(badScope.body)).toContain('scope must be one of read, act');
    expect((await t.http.post('/admin/operators/not-a-uuid/disable').set(admin).expect(404)).body.error_code).toBe('OPERATOR_NOT_FOUND_ERROR');
    expect((await t.http.post(`/admin/operator-tokens/${operatorId}/revoke`).set(admin).expect(404)).body.error_code).toBe('OPERATOR_TOKEN_NOT_FOUND_ERROR');
    await t.http.get('/admin/top-ups').set(bearer(`pallop_${'0'.repeat(40)}`)).expect(401);
  });

  it('the CLI creates operators and issues their tokens on the server, as the first step of a deployment', async () => {
    const env = { DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'warn' };
    const created = await runCli(['operators:create', '--name', 'Cahya CLI', '--email', 'cahya@ops.test', '--role', 'approver'], env);
    expect(created.code).toBe(0);
    const operatorRow = JSON.parse(created.stdout);
    expect(operatorRow).toMatchObject({ name: 'Cahya CLI', role: 'approver', created_by: 'server CLI' });
    const issued = await runCli(['operators:token', operatorRow.id, '--name', 'cli-issued', '--scope', 'read'], env);
    const { token } = JSON.parse(issued.stdout);
    expect((await t.http.get('/admin/operators/me').set(bearer(token)).expect(200)).body).toMatchObject({ name: 'Cahya CLI', role: 'approver', scope: 'read' });
    const wrong = await runCli(['operators:create', '--name', 'x', '--email', 'x@ops.test', '--role', 'root'], env);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stderr)).toMatchObject({ error_code: 'API_VALIDATION_ERROR' });
  });
});

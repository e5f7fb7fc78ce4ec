import { eventually } from './support/provider-world';
import { runCli } from './support/processes';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { signIn, signUp, testEmail } from './support/dashboard';

describe('operator CLI against DATABASE_URL', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    t = await startTestApp();
    env = { DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'warn' };
  });
  afterAll(() => t.close());

  it('merchants:create prints exactly one JSON object with both keys', async () => {
    const result = await runCli(['merchants:create', '--name', 'PT Test', '--email', 'qa@test.com'], env);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const merchant = JSON.parse(lines[0]);
    expect(Object.keys(merchant)).toEqual(['id', 'name', 'email', 'callback_token', 'api_keys']);
    expect(merchant).toMatchObject({ name: 'PT Test', email: 'qa@test.com' });
    expect(merchant.api_keys.development).toMatch(/^pallapi_secret_development_[0-9a-f]{32}$/);
    expect(merchant.api_keys.production).toMatch(/^pallapi_secret_production_[0-9a-f]{32}$/);
    // The keys work on the API at once.
    await t.http.get('/api/v2/banks').set(bearer(merchant.api_keys.development)).expect(200);
  });

  it('rotates and revokes keys like the admin API', async () => {
    const merchant = await t.createMerchant();
    const rotated = await runCli(['merchants:rotate-key', merchant.id, 'production'], env);
    expect(rotated.code).toBe(0);
    const { api_key: newKey } = JSON.parse(rotated.stdout);
    await t.http.get('/api/v2/banks').set(bearer(newKey)).expect(200);
    await t.http.get('/api/v2/banks').set(bearer(merchant.api_keys.production)).expect(401);
    const revoked = await runCli(['merchants:revoke-key', merchant.id, 'production'], env);
    expect(JSON.parse(revoked.stdout)).toEqual({ environment: 'production', revoked: true });
    // The server had the key cached; the CLI's revocation reaches it by NOTIFY.
    await eventually(async () => (await t.http.get('/api/v2/banks').set(bearer(newKey))).status, (status) => status === 401, 5_000);
  });

  it('switches production for a dashboard merchant and adds a person with a generated password', async () => {
    const owner = await signUp(t);
    await t.http.get('/api/v2/banks').set(bearer(owner.apiKeys.production)).expect(403);
    const on = await runCli(['merchants:production', owner.merchant.id, 'on'], env);
    expect(on.code).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ id: owner.merchant.id, production_enabled: true });
    await t.http.get('/api/v2/banks').set(bearer(owner.apiKeys.production)).expect(200);
    expect(JSON.parse((await runCli(['merchants:production', owner.merchant.id, 'off'], env)).stdout).production_enabled).toBe(false);
    // The server had the key cached; the switch reaches it by NOTIFY.
    await eventually(async () => (await t.http.get('/api/v2/banks').set(bearer(owner.apiKeys.production))).status, (status) => status === 403, 5_000);
    expect(JSON.parse((await runCli(['merchants:production', owner.merchant.id, 'maybe'], env)).stderr.trim().split('\n').pop()!).error_code).toBe(
      'API_VALIDATION_ERROR',
    );

    const email = testEmail('cli');
    const added = await runCli(['merchants:add-person', owner.merchant.id, '--name', 'Finance Person', '--email', email, '--role', 'finance'], env);
    expect(added.code).toBe(0);
    const { person, password } = JSON.parse(added.stdout);
    expect(person).toMatchObject({ name: 'Finance Person', email, role: 'finance' });
    expect((await signIn(t, email, password)).person.role).toBe('finance');
  });

  it('reports domain errors as JSON on stderr with a non-zero exit', async () => {
    await runCli(['merchants:create', '--name', 'A', '--email', 'same@test.com'], env);
    const duplicate = await runCli(['merchants:create', '--name', 'B', '--email', 'same@test.com'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stdout).toBe('');
    expect(JSON.parse(duplicate.stderr.trim().split('\n').pop()!).error_code).toBe('DUPLICATE_MERCHANT_ERROR');
    const missingOption = await runCli(['merchants:create', '--name', 'C'], env);
    expect(missingOption.code).not.toBe(0);
    expect(missingOption.stderr).toContain("required option '--email <email>' not specified");
  });

  it('approves top-ups, handles withdrawals and checks the ledger', async () => {
    const merchant = await t.createMerchant();
    const key = merchant.api_keys.production;
    const topUp = (await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: 75_000, transfer_reference: 'CLI-1' })).body;

    const pending = JSON.parse((await runCli(['top-ups:list', '--status', 'pending'], env)).stdout);
    expect(pending.data.map((x: { id: string }) => x.id)).toContain(topUp.id);
    // By default every production top-up takes two named operators on /admin, not the CLI.
    const refused = await runCli(['top-ups:approve', topUp.id], env);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr.trim().split('\n').pop()!).error_code).toBe('FOUR_EYES_REQUIRED_ERROR');
    const approved = await runCli(['top-ups:approve', topUp.id], { ...env, FOUR_EYES_MIN_AMOUNT: '100000' });
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ id: topUp.id, status: 'approved', merchant_id: merchant.id });
    expect((await t.http.get('/api/v2/me').set(bearer(key))).body.remaning_disbursable_amount).toBe(75_000);

    const account = await runCli(
      ['merchants:set-withdrawal-account', merchant.id, 'production', '--bank-code', 'BNI', '--account-number', '0123456789', '--account-name', 'PT CLI'],
      env,
    );
    expect(JSON.parse(account.stdout)).toMatchObject({ bank_code: 'BNI', account_number: '0123456789' });

    const check = await runCli(['ledger:check'], env);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, differences: [] });
  });

  it('lists payouts in doubt and refuses a resolution that does not fit', async () => {
    const listed = await runCli(['disbursements:in-doubt', '--older-than', '0'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    const lastError = (result: { stderr: string }) => JSON.parse(result.stderr.trim().split('\n').pop()!).error_code;
    const resolve = (status: string) => runCli(['disbursements:resolve', '0'.repeat(32), '--status', status, '--reason', 'Confirmed by Duitku support', '--by', 'Siti'], env);
    expect(lastError(await resolve('maybe'))).toBe('API_VALIDATION_ERROR');
    const unknown = await resolve('done');
    expect(unknown.code).toBe(1);
    expect(lastError(unknown)).toBe('DISBURSEMENT_NOT_FOUND_ERROR');
  });
});

import { eventually } from './support/provider-world';
import { runCli } from './support/processes';
import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';
import { signIn, signUp, testEmail } from './support/dashboard';
import { createOperator } from './support/console';
import { productionVirtualAccount, recordPayments } from './support/payments-fixtures';

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

  /** The progress lines of one label on stderr (not a terminal here: plain lines, no bar). */
  function progressLines(stderr: string, label: string): string[] {
    return stderr.split('\n').filter((line) => line.startsWith(`${label}: `));
  }
  const PROGRESS_LINE = /^[a-z ()]+: (\d+)\/(\d+) \((\d+)%\) \| [\d.]+\/s \| (\d+s|\d+m \d{2}s) elapsed \| (ETA (\?|\d+s|\d+m \d{2}s)|done)$/;

  it('ledger:check and providers:reconcile show their progress on stderr and print their JSON on stdout', async () => {
    // Some transfers to check: a development top-up (approved at once).
    const merchant = await t.createMerchant();
    await t.http.post('/api/v2/top-ups').set(bearer(merchant.api_keys.development)).send({ amount: 20_000, transfer_reference: 'CLI-PROGRESS' }).expect(201);

    const check = await runCli(['ledger:check'], env);
    expect(check.code).toBe(0);
    const lines = check.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]);
    expect(report).toMatchObject({ ok: true, differences: [] });
    expect(report.transfers_checked).toBeGreaterThan(0);
    const progress = progressLines(check.stderr, 'ledger check (transfers)');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (const line of progress) expect(line).toMatch(PROGRESS_LINE);
    // Transfers done out of all of them, the rate, the time elapsed and left: the first line at 0, the last when done.
    expect(progress[0]).toMatch(new RegExp(`^ledger check \\(transfers\\): 0/${report.transfers_checked} \\(0%\\) \\| 0\\.0/s \\| 0s elapsed \\| ETA \\?$`));
    expect(progress.at(-1)).toMatch(new RegExp(`^ledger check \\(transfers\\): ${report.transfers_checked}/${report.transfers_checked} \\(100%\\) \\| [\\d.]+/s \\| \\d+s elapsed \\| done$`));

    const reconcile = await runCli(['providers:reconcile'], env);
    expect(reconcile.code).toBe(0);
    expect(JSON.parse(reconcile.stdout)).toMatchObject({ balances: expect.any(Array), payments: expect.any(Array), payouts_in_doubt: expect.any(Array) });
    const checks = progressLines(reconcile.stderr, 'reconciliation (checks)');
    for (const line of checks) expect(line).toMatch(PROGRESS_LINE);
    expect(checks[0]).toMatch(/: 0\/\d+ \(0%\)/);
    expect(checks.at(-1)).toMatch(/: (\d+)\/\1 \(100%\) .* \| done$/);

    // --no-progress: stderr stays quiet, stdout the same.
    const quiet = await runCli(['--no-progress', 'ledger:check'], env);
    expect(quiet.code).toBe(0);
    expect(JSON.parse(quiet.stdout).ok).toBe(true);
    expect(progressLines(quiet.stderr, 'ledger check (transfers)')).toEqual([]);
  });

  describe('as a named operator (--operator-token or PALLADIUM_OPERATOR_TOKEN)', () => {
    const slow = 120_000;
    let operator: { id: string };
    let act: string;
    let read: string;
    let merchant: Awaited<ReturnType<TestApp['createMerchant']>>;
    // Production top-ups under the four-eyes threshold: one operator decides them.
    let oneStep: NodeJS.ProcessEnv;
    const topUp = async (reference: string) =>
      (await t.http.post('/api/v2/top-ups').set(bearer(merchant.api_keys.production)).send({ amount: 10_000, transfer_reference: reference }).expect(201)).body.id as string;
    const lastError = (result: { stderr: string }) => JSON.parse(result.stderr.trim().split('\n').pop()!);
    const auditOf = (target: string) =>
      t.sql<{ action: string; operator_id: string | null; operator_name: string | null; operator_via: string | null; merchant_id: string; environment: string }>(
        'SELECT action, operator_id, operator_name, operator_via, merchant_id, environment FROM audit_log WHERE target = $1',
        [target],
      );

    beforeAll(async () => {
      operator = await createOperator(t, 'Okta Operator', 'operator');
      const issue = async (scope: 'act' | 'read') =>
        (await t.http.post(`/admin/operators/${operator.id}/tokens`).set(adminAuth).send({ name: `cli-${scope}`, scope }).expect(201)).body.token as string;
      [act, read] = [await issue('act'), await issue('read')];
      merchant = await t.createMerchant();
      oneStep = { ...env, FOUR_EYES_MIN_AMOUNT: '100000' };
    });

    it(
      'records money commands under the operator of the token; without one, under the server CLI',
      async () => {
        // The option (before or after the command's arguments).
        const first = await topUp('CLI-OP-1');
        const approved = await runCli(['top-ups:approve', first, '--operator-token', act], oneStep);
        expect(approved).toMatchObject({ code: 0 });
        expect(JSON.parse(approved.stdout)).toMatchObject({ id: first, status: 'approved' });
        expect(await auditOf(`top-ups:approve ${first}`)).toEqual([
          { action: 'cli.top_ups_approve', operator_id: operator.id, operator_name: 'Okta Operator', operator_via: 'server CLI with token:cli-act', merchant_id: merchant.id, environment: 'production' },
        ]);

        // The environment variable.
        const second = await topUp('CLI-OP-2');
        const rejected = await runCli(['top-ups:reject', second, '--reason', 'No transfer arrived'], { ...oneStep, PALLADIUM_OPERATOR_TOKEN: act });
        expect(rejected).toMatchObject({ code: 0 });
        expect((await auditOf(`top-ups:reject ${second}`))[0]).toMatchObject({ action: 'cli.top_ups_reject', operator_id: operator.id, operator_name: 'Okta Operator' });

        // No token: the server CLI, as before.
        const third = await topUp('CLI-OP-3');
        expect((await runCli(['top-ups:approve', third], oneStep)).code).toBe(0);
        expect((await auditOf(`top-ups:approve ${third}`))[0]).toMatchObject({ operator_id: null, operator_name: null, operator_via: null });
        const audited = (await t.http.get('/admin/audit').query({ action: 'cli.top_ups_approve', merchant_id: merchant.id }).set(adminAuth).expect(200)).body.data;
        expect(audited.map((entry: { operator: { name: string } | null }) => entry.operator?.name ?? 'server CLI')).toEqual(['server CLI', 'Okta Operator']);
      },
      slow,
    );

    it(
      "refuses a wrong token, and what the operator's role or the token's scope does not allow, before doing anything",
      async () => {
        const pending = await topUp('CLI-OP-4');
        const wrong = await runCli(['top-ups:approve', pending, '--operator-token', `pallop_${'0'.repeat(40)}`], oneStep);
        expect(wrong.code).toBe(1);
        expect(wrong.stdout).toBe('');
        expect(lastError(wrong)).toMatchObject({ error_code: 'INVALID_ADMIN_TOKEN', message: expect.stringContaining('not a live pallop_ token') });
        // A read-only token looks but does not change.
        const readOnly = await runCli(['top-ups:approve', pending, '--operator-token', read], oneStep);
        expect(readOnly.code).toBe(1);
        expect(lastError(readOnly)).toMatchObject({ error_code: 'OPERATOR_FORBIDDEN_ERROR', message: 'top-ups:approve: server CLI with token:cli-read is a read-only token' });
        const looked = await runCli(['top-ups:list', '--status', 'pending', '--operator-token', read], env);
        expect(JSON.parse(looked.stdout).data.map((x: { id: string }) => x.id)).toContain(pending);
        // Managing operators takes an admin.
        const notAdmin = await runCli(['operators:create', '--name', 'X', '--email', 'x-cli@ops.test', '--role', 'admin', '--operator-token', act], env);
        expect(lastError(notAdmin)).toMatchObject({ error_code: 'OPERATOR_FORBIDDEN_ERROR', message: 'operators:create: Okta Operator is an operator; this needs the admin role' });
        expect(await t.sql('SELECT status FROM top_ups WHERE id = $1', [pending])).toEqual([{ status: 'pending' }]);
        expect(await t.sql("SELECT count(*)::int AS n FROM operators WHERE email = 'x-cli@ops.test'")).toEqual([{ n: 0 }]);
      },
      slow,
    );

    it(
      'takes four eyes from the CLI: one token prepares, another approver approves; a settlement date runs with progress',
      async () => {
        const approver = await createOperator(t, 'Anya Approver', 'approver');
        const approverToken = (await t.http.post(`/admin/operators/${approver.id}/tokens`).set(adminAuth).send({ name: 'cli', scope: 'act' }).expect(201)).body
          .token as string;
        const id = await topUp('CLI-4EYES');
        expect(lastError(await runCli(['top-ups:approve', id, '--operator-token', act], env)).error_code).toBe('FOUR_EYES_REQUIRED_ERROR');
        const prepared = await runCli(['top-ups:prepare-approval', id, '--reference', 'BCA 2211-77', '--note', 'On the statement', '--operator-token', act], env);
        expect(prepared.code).toBe(0);
        const approval = JSON.parse(prepared.stdout);
        expect(approval).toMatchObject({ action: 'top_up.approve', subject_id: id, prepared_by: 'Okta Operator (server CLI with token:cli-act)', evidence: { reference: 'BCA 2211-77' } });
        // The preparer's role cannot decide; the server CLI has no name to decide with.
        expect(lastError(await runCli(['approvals:approve', approval.id, '--operator-token', act], env))).toMatchObject({ error_code: 'OPERATOR_FORBIDDEN_ERROR' });
        expect(lastError(await runCli(['approvals:approve', approval.id], env))).toMatchObject({ error_code: 'OPERATOR_FORBIDDEN_ERROR' });
        const before = (await t.http.get('/api/v2/me').set(bearer(merchant.api_keys.production))).body.remaning_disbursable_amount as number;
        const approved = await runCli(['approvals:approve', approval.id, '--note', 'Checked', '--operator-token', approverToken], env);
        expect(JSON.parse(approved.stdout)).toMatchObject({ approval: { status: 'approved', decided_by: 'Anya Approver (server CLI with token:cli)' }, result: { status: 'approved' } });
        expect((await t.http.get('/api/v2/me').set(bearer(merchant.api_keys.production))).body.remaning_disbursable_amount).toBe(before + 10_000);

        // A production settlement date with money due: prepared, then approved; the run shows its progress.
        const date = new Date(Date.now() - 6 * 86_400_000 + 7 * 3600_000).toISOString().slice(0, 10);
        const va = await productionVirtualAccount(t, merchant.id);
        await recordPayments(t, [1, 2, 3].map((n) => ({ resourceId: va, amount: n * 1_000, paidAt: new Date(`${date}T09:00:00+07:00`) })));
        expect(JSON.parse((await runCli(['settlement:due', '--date', date], env)).stdout)).toMatchObject({ payments_count: 3, total_amount: 6_000, run: null });
        expect(lastError(await runCli(['settlement:run', '--date', date, '--operator-token', act], env)).error_code).toBe('FOUR_EYES_REQUIRED_ERROR');
        const run = JSON.parse((await runCli(['settlement:prepare', '--date', date, '--reference', 'INC-9', '--operator-token', act], env)).stdout);
        const settled = await runCli(['approvals:approve', run.id, '--operator-token', approverToken], env);
        expect(JSON.parse(settled.stdout).result).toMatchObject({ business_date: date, status: 'completed', payments_count: 3, total_amount: 6_000 });
        const progress = progressLines(settled.stderr, 'settlement (payments)');
        for (const line of progress) expect(line).toMatch(PROGRESS_LINE);
        expect(progress[0]).toMatch(/: 0\/3 \(0%\)/);
        expect(progress.at(-1)).toMatch(/: 3\/3 \(100%\) .* \| done$/);
      },
      slow,
    );

    it(
      "resolves a payout in doubt in the token operator's name: --by is for the server CLI only",
      async () => {
        const resolve = (extra: string[]) =>
          runCli(['disbursements:resolve', '0'.repeat(32), '--status', 'done', '--reason', 'Confirmed by Duitku support', ...extra], env);
        // Past the checks of who resolves it: the payout is looked up.
        expect(lastError(await resolve(['--operator-token', act])).error_code).toBe('DISBURSEMENT_NOT_FOUND_ERROR');
        expect(lastError(await resolve(['--operator-token', act, '--by', 'Siti']))).toMatchObject({
          error_code: 'API_VALIDATION_ERROR',
          message: expect.stringContaining('--by is for the server CLI'),
        });
        expect(lastError(await resolve([]))).toMatchObject({ error_code: 'API_VALIDATION_ERROR', message: expect.stringContaining('--by <name> is required') });
      },
      slow,
    );
  });
});

import { adminAuth, bearer, creditIncomeWallet, startTestApp, TestApp } from './support/test-app';

/** Four-eyes approval of production top-ups (issue 15), here from Rp 1.000.000 (the production default is every amount). */
describe('four-eyes approvals', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  const tokens: Record<'preparer' | 'approver' | 'secondApprover' | 'viewer', Record<string, string>> = {} as never;

  beforeAll(async () => {
    t = await startTestApp({ FOUR_EYES_MIN_AMOUNT: '1000000' });
    const people = [
      ['preparer', 'Oki Operator', 'operator'],
      ['approver', 'Ayu Approver', 'approver'],
      ['secondApprover', 'Bima Approver', 'approver'],
      ['viewer', 'Vina Viewer', 'viewer'],
    ] as const;
    for (const [slot, name, role] of people) {
      const { body: operator } = await t.http.post('/admin/operators').set(adminAuth).send({ name, email: `${slot}@ops.test`, role }).expect(201);
      const { body: token } = await t.http.post(`/admin/operators/${operator.id}/tokens`).set(adminAuth).send({ name: 'desk', scope: 'act' }).expect(201);
      tokens[slot] = bearer(token.token);
    }
  });
  afterAll(() => t.close());

  async function declaredTopUp(amount: number) {
    const merchant = await t.createMerchant();
    const key = merchant.api_keys.production;
    const { body } = await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount, transfer_reference: `TRF-${merchant.id}` }).expect(201);
    const disbursable = async () => (await t.http.get('/api/v2/me').set(bearer(key))).body.remaning_disbursable_amount as number;
    return { id: body.id as string, disbursable };
  }

  it('refuses one-step approval of a production top-up; two different operators credit the wallet once', async () => {
    const topUp = await declaredTopUp(50_000_000);
    const oneStep = await t.http.post(`/admin/top-ups/${topUp.id}/approve`).set(tokens.approver).send({}).expect(409);
    expect(oneStep.body.error_code).toBe('FOUR_EYES_REQUIRED_ERROR');
    expect(await topUp.disbursable()).toBe(0);

    const { body: prepared } = await t.http
      .post(`/admin/top-ups/${topUp.id}/prepare-approval`)
      .set(tokens.preparer)
      .send({ reference: 'BCA 2211-0012-7781', note: 'On the statement of 22 Nov' })
      .expect(201);
    expect(prepared).toMatchObject({
      action: 'top_up.approve',
      subject_id: topUp.id,
      amount: 50_000_000,
      environment: 'production',
      evidence: { reference: 'BCA 2211-0012-7781', note: 'On the statement of 22 Nov' },
      prepared_by: 'Oki Operator (token:desk)',
      status: 'pending',
      decided_by: null,
    });
    expect(await topUp.disbursable()).toBe(0);

    // The preparer cannot approve it, not even as an approver would; the server says why.
    const self = await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(tokens.preparer).send({}).expect(403);
    expect(self.body.error_code).toBe('OPERATOR_FORBIDDEN_ERROR');
    const [refusal] = await t.sql<{ operator_name: string; after: { refused: { error_code: string } } }>(
      `SELECT operator_name, after FROM audit_log WHERE action = 'admin.approve_approval_refused' AND target = $1`,
      [`/admin/approvals/${prepared.id}/approve`],
    );
    expect(refusal).toMatchObject({ operator_name: 'Oki Operator', after: { refused: { error_code: 'OPERATOR_FORBIDDEN_ERROR' } } });

    const { body: decided } = await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(tokens.approver).send({ note: 'Checked' }).expect(200);
    expect(decided.approval).toMatchObject({ status: 'approved', decided_by: 'Ayu Approver (token:desk)', decision_note: 'Checked' });
    expect(decided.result).toMatchObject({ id: topUp.id, status: 'approved' });
    expect(await topUp.disbursable()).toBe(50_000_000);

    // The audit trail shows the preparer, then the approver, with the evidence.
    const trail = (await t.http.get(`/admin/audit?merchant_id=${decided.result.merchant_id}`).set(tokens.viewer).expect(200)).body.data as {
      action: string;
      operator: { name: string; via: string } | null;
      after: { body: { reference?: string } };
      environment: string | null;
    }[];
    expect(trail.map((entry) => `${entry.action} by ${entry.operator?.name}`).reverse()).toEqual([
      'admin.prepare_top_up_approval by Oki Operator',
      'admin.approve_approval by Ayu Approver',
    ]);
    expect(trail[1].after.body.reference).toBe('BCA 2211-0012-7781');
    expect(trail[0].environment).toBe('production');

    // Deciding again changes nothing.
    const again = await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(tokens.secondApprover).send({}).expect(409);
    expect(again.body.error_code).toBe('APPROVAL_ALREADY_DECIDED_ERROR');
    expect(await topUp.disbursable()).toBe(50_000_000);
  });

  it('lets the preparer self-approve nowhere: an approver who prepared needs another approver', async () => {
    const topUp = await declaredTopUp(1_000_000);
    const { body: prepared } = await t.http.post(`/admin/top-ups/${topUp.id}/prepare-approval`).set(tokens.approver).send({ reference: 'REF-1' }).expect(201);
    await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(tokens.approver).send({}).expect(403);
    // Even written straight into the table, a decision by the preparer is refused.
    await expect(
      t.sql(`UPDATE approvals SET status = 'approved', decided_by_operator_id = prepared_by_operator_id, decided_by = 'x', decided_at = now() WHERE id = $1`, [prepared.id]),
    ).rejects.toThrow(/check constraint/);
    await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(tokens.secondApprover).send({}).expect(200);
    expect(await topUp.disbursable()).toBe(1_000_000);
  });

  it('keeps deciding to approvers, one open approval per top-up, and refusals leave the top-up pending', async () => {
    const topUp = await declaredTopUp(2_000_000);
    const { body: prepared } = await t.http.post(`/admin/top-ups/${topUp.id}/prepare-approval`).set(tokens.preparer).send({ reference: 'REF-2' }).expect(201);
    const twice = await t.http.post(`/admin/top-ups/${topUp.id}/prepare-approval`).set(tokens.approver).send({ reference: 'REF-2b' }).expect(409);
    expect(twice.body.error_code).toBe('APPROVAL_ALREADY_OPEN_ERROR');

    const byViewer = await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(tokens.viewer).send({}).expect(403);
    expect(byViewer.body.message).toBe('Vina Viewer is a viewer; this needs the approver role');
    const byOperator = await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(tokens.secondApprover).send({}).expect(200);
    expect(byOperator.body.approval.status).toBe('approved');

    const other = await declaredTopUp(3_000_000);
    const { body: second } = await t.http.post(`/admin/top-ups/${other.id}/prepare-approval`).set(tokens.preparer).send({ reference: 'REF-3' }).expect(201);
    const missingNote = await t.http.post(`/admin/approvals/${second.id}/reject`).set(tokens.approver).send({}).expect(400);
    expect(JSON.stringify(missingNote.body)).toContain('note is required');
    const { body: refused } = await t.http.post(`/admin/approvals/${second.id}/reject`).set(tokens.approver).send({ note: 'Not on the statement' }).expect(200);
    expect(refused).toMatchObject({ approval: { status: 'rejected', decision_note: 'Not on the statement' }, result: { status: 'pending' } });
    expect(await other.disbursable()).toBe(0);
    // Prepared again with better evidence, it can be approved.
    const { body: retry } = await t.http.post(`/admin/top-ups/${other.id}/prepare-approval`).set(tokens.preparer).send({ reference: 'REF-3 (corrected)' }).expect(201);
    await t.http.post(`/admin/approvals/${retry.id}/approve`).set(tokens.approver).send({}).expect(200);
    expect(await other.disbursable()).toBe(3_000_000);

    const queue = (await t.http.get('/admin/approvals?status=rejected').set(tokens.viewer).expect(200)).body as { id: string }[];
    expect(queue.map((approval) => approval.id)).toEqual([second.id]);
  });

  it('needs named operators: the bootstrap token can neither prepare nor decide', async () => {
    const topUp = await declaredTopUp(5_000_000);
    const prepare = await t.http.post(`/admin/top-ups/${topUp.id}/prepare-approval`).set(adminAuth).send({ reference: 'REF-4' }).expect(403);
    expect(prepare.body.message).toContain('named operators');
    const { body: prepared } = await t.http.post(`/admin/top-ups/${topUp.id}/prepare-approval`).set(tokens.preparer).send({ reference: 'REF-4' }).expect(201);
    await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(adminAuth).send({}).expect(403);
    expect(await topUp.disbursable()).toBe(0);
  });

  it('approves in one step under the threshold, also with the bootstrap token', async () => {
    const small = await declaredTopUp(999_999);
    await t.http.post(`/admin/top-ups/${small.id}/approve`).set(adminAuth).send({}).expect(200);
    expect(await small.disbursable()).toBe(999_999);
    const big = await declaredTopUp(1_000_000);
    expect((await t.http.post(`/admin/top-ups/${big.id}/approve`).set(adminAuth).send({}).expect(409)).body.error_code).toBe('FOUR_EYES_REQUIRED_ERROR');
  });

  it('marks a production withdrawal failed with two operators: the money returns to the income wallet once', async () => {
    const merchant = await t.createMerchant();
    const key = merchant.api_keys.production;
    await t.http
      .put(`/admin/merchants/${merchant.id}/withdrawal-account/production`)
      .set(adminAuth)
      .send({ bank_code: 'BNI', account_number: '0123456789', account_name: 'PT Dua Mata' })
      .expect(200);
    await creditIncomeWallet(t, { merchantId: merchant.id, environment: 'production' }, 8_000_000);
    const withdrawable = async () => (await t.http.get('/api/v2/me').set(bearer(key))).body.remaning_withdrawable_amount as number;
    const { body: withdrawal } = await t.http.post('/api/v2/withdrawals').set(bearer(key)).send({ amount: 5_000_000 }).expect(201);
    expect(await withdrawable()).toBe(3_000_000);

    const oneStep = await t.http.post(`/admin/withdrawals/${withdrawal.id}/mark-failed`).set(tokens.approver).send({ reason: 'Account closed' }).expect(409);
    expect(oneStep.body.error_code).toBe('FOUR_EYES_REQUIRED_ERROR');
    const noReason = await t.http.post(`/admin/withdrawals/${withdrawal.id}/prepare-mark-failed`).set(tokens.preparer).send({ reference: 'BNI-RET-1' }).expect(400);
    expect(JSON.stringify(noReason.body)).toContain('reason is required');
    const { body: prepared } = await t.http
      .post(`/admin/withdrawals/${withdrawal.id}/prepare-mark-failed`)
      .set(tokens.preparer)
      .send({ reference: 'BNI-RET-2211-0099', reason: 'Account closed' })
      .expect(201);
    expect(prepared).toMatchObject({ action: 'withdrawal.mark_failed', amount: 5_000_000, parameters: { reason: 'Account closed' } });
    await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(tokens.preparer).send({}).expect(403);
    expect(await withdrawable()).toBe(3_000_000);

    const { body: decided } = await t.http.post(`/admin/approvals/${prepared.id}/approve`).set(tokens.approver).send({}).expect(200);
    expect(decided.result).toMatchObject({ id: withdrawal.id, status: 'failed', failure_reason: 'Account closed' });
    expect(await withdrawable()).toBe(8_000_000);
    // A second approval of the same withdrawal cannot be prepared: it is no longer pending.
    const again = await t.http.post(`/admin/withdrawals/${withdrawal.id}/prepare-mark-paid`).set(tokens.preparer).send({ reference: 'x' }).expect(409);
    expect(again.body.error_code).toBe('WITHDRAWAL_ALREADY_COMPLETED_ERROR');
    expect(await withdrawable()).toBe(8_000_000);
    const check = (await t.http.get('/admin/ledger/check').set(tokens.viewer).expect(200)).body;
    expect(check.ok).toBe(true);
  });

  it('searches the whole trail by operator and action, and exports it as CSV', async () => {
    const me = (await t.http.get('/admin/operators/me').set(tokens.approver).expect(200)).body as { operator_id: string };
    const mine = (await t.http.get(`/admin/audit?operator_id=${me.operator_id}&action=admin.approve_approval`).set(tokens.viewer).expect(200)).body.data as {
      action: string;
      operator: { id: string };
    }[];
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.every((entry) => entry.action === 'admin.approve_approval' && entry.operator.id === me.operator_id)).toBe(true);
    // Refused attempts change nothing and are not recorded as actions.
    expect((await t.http.get('/admin/audit?action=admin.approve_top_up').set(tokens.viewer).expect(200)).body.data.map((e: { operator: { name: string } }) => e.operator.name)).toEqual(['ADMIN_API_TOKEN']);

    const csv = await t.http.get(`/admin/audit?operator_id=${me.operator_id}&format=csv`).set(tokens.viewer).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('id,at,merchant_id,environment,who,action,target,before,after,request_id');
    expect(lines.slice(1).every((line) => line.includes('Ayu Approver (token:desk)'))).toBe(true);
    expect((await t.http.get('/admin/audit?operator_id=nope').set(tokens.viewer).expect(400)).body.error_code).toBe('API_VALIDATION_ERROR');
  });

  it('answers unknown ids and bad evidence precisely', async () => {
    const topUp = await declaredTopUp(1_000_000);
    const noReference = await t.http.post(`/admin/top-ups/${topUp.id}/prepare-approval`).set(tokens.preparer).send({ reference: '  ' }).expect(400);
    expect(JSON.stringify(noReference.body)).toContain('reference is required');
    expect((await t.http.post('/admin/approvals/nope/approve').set(tokens.approver).send({}).expect(404)).body.error_code).toBe('APPROVAL_NOT_FOUND_ERROR');
    expect((await t.http.post(`/admin/top-ups/${'0'.repeat(32)}/prepare-approval`).set(tokens.preparer).send({ reference: 'x' }).expect(404)).body.error_code).toBe('TOP_UP_NOT_FOUND_ERROR');
  });
});

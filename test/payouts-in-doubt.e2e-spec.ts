import { Logger } from '@nestjs/common';
import { eventually, ProviderWorld, startProviderWorld } from './support/provider-world';
import { adminAuth, bearer } from './support/test-app';

jest.setTimeout(240_000);

/** Duitku's online transfer test accounts whose transfer answer is in doubt ("Do not retry"). */
const IN_DOUBT_TRANSFERS = { TO: '8760673561', '68': '8760673564', '-100': '8760673565' } as const;

/** Every response code in Duitku's doc: Status Code, Vendor Response Code, Error Code and callback tables, and the test tables' 89. */
const DOCUMENTED_CODES = [
  ...['00', 'EE', 'TO', 'LD', 'NF', '76', '80', '-100', '-120', '-123', '-141', '-142', '-148', '-149', '-161', '-191', '-192', '-213'],
  ...['-420', '-510', '-920', '-930', '-951', '-952', '-960'],
  ...['01', '05', '12', '14', '30', '31', '51', '66', '68', '88', '90', '91'],
  ...['03', '04', '13', '15', '20', '33', '36', '38', '39', '40', '41', '43', '52', '89'],
];

/**
 * A status answer that can only describe the transfer as declined ends the payout failed
 * (README "Upstream providers"); every other answer — about the status request itself,
 * general and network errors, "Transfer not Found", unknown codes — leaves it in doubt.
 */
const DECLINED_ON_STATUS: Record<string, string> = {
  '01': 'REJECTED_BY_BANK', '05': 'REJECTED_BY_BANK', '13': 'TRANSFER_ERROR', '30': 'TRANSFER_ERROR', '31': 'TRANSFER_ERROR',
  '14': 'INVALID_DESTINATION', '76': 'INVALID_DESTINATION', '90': 'INVALID_DESTINATION', '-192': 'INVALID_DESTINATION',
  '51': 'TEMPORARY_TRANSFER_ERROR', '-510': 'TEMPORARY_TRANSFER_ERROR', '-141': 'TRANSFER_ERROR', '-148': 'TRANSFER_ERROR',
  '-149': 'TRANSFER_ERROR', '-920': 'TRANSFER_ERROR',
};

type Attempt = { provider: string; operation: string; outcome: string; response_code: string | null; created_at: string };

const payout = (accountNumber: string, amount: number, description = 'In doubt') => ({
  bank_code: 'BCA', account_name: 'Test Account', account_number: accountNumber, description, external_id: `doubt-${amount}`, amount,
});

const disbursable = async (w: ProviderWorld) => (await w.t.http.get('/api/v2/me').set(w.auth)).body.remaning_disbursable_amount as number;
const attemptsOf = async (w: ProviderWorld, id: string) => (await w.t.http.get(`/admin/disbursements/${id}/attempts`).set(adminAuth).expect(200)).body as Attempt[];
const xenditCreates = (w: ProviderWorld, id: string) => w.xendit.createRequests.filter((request) => request.externalId === id);
const finalOf = (w: ProviderWorld, id: string) =>
  eventually(async () => (await w.t.http.get(`/api/v2/disbursements/${id}`).set(w.auth)).body, (body) => body.status !== 'pending', 60_000);

describe('Duitku status answers after a transfer in doubt (Duitku first, Xendit as failover)', () => {
  it('every documented status code, after each of TO, 68 and -100: its outcome, one transfer, never Xendit, debited at most once', async () => {
    // The fake's own state of an in-doubt transfer is "done" at once; the scripts decide what the checks hear first.
    const w = await startProviderWorld({ inDoubtResolveMs: 0, env: { DISBURSEMENT_PROVIDERS: 'duitku,xendit' } });
    try {
      const cases = Object.entries(IN_DOUBT_TRANSFERS).flatMap(([transferCode, account]) =>
        DOCUMENTED_CODES.map((statusCode) => ({ transferCode, account, statusCode })),
      ).map((entry, index) => ({ ...entry, amount: 50_000 + index }));
      for (const { statusCode, amount } of cases) {
        // A decline: the bank returned the money. Anything else is heard twice, then the transfer's own state (done).
        if (DECLINED_ON_STATUS[statusCode]) w.duitku.scriptStatus(amount, [statusCode], { reversed: true });
        else w.duitku.scriptStatus(amount, [statusCode, statusCode]);
      }
      const walletBefore = await disbursable(w);
      const floatBefore = w.duitku.balance();
      const created = await Promise.all(
        cases.map(async ({ account, amount }) => (await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(payout(account, amount)).expect(200)).body.id as string),
      );

      let moved = 0;
      const results: unknown[] = [];
      const expected: unknown[] = [];
      for (const [index, { transferCode, statusCode, amount }] of cases.entries()) {
        const id = created[index];
        const final = await finalOf(w, id);
        const attempts = await attemptsOf(w, id);
        const [row] = await w.t.sql<{ provider: string; provider_reference: string }>('SELECT provider, provider_reference FROM disbursements WHERE id = $1', [id]);
        const transfer = w.duitku.transfers.get(row.provider_reference);
        const declined = DECLINED_ON_STATUS[statusCode];
        results.push({
          transferCode,
          statusCode,
          status: final.status,
          failure_code: final.failure_code ?? null,
          provider: row.provider,
          transferCalls: transfer?.transferCalls,
          transferAttempts: attempts.filter((a) => a.operation === 'transfer').length,
          xenditCreates: xenditCreates(w, id).length,
          // In doubt: it stayed pending through both answers (each a "waiting" check).
          waitingChecksWithThatCode: attempts.filter((a) => a.operation === 'inquirystatus' && a.response_code === statusCode && a.outcome === 'waiting').length,
          moneyMovedAtDuitku: transfer?.executed,
        });
        const done = !declined;
        expected.push({
          transferCode,
          statusCode,
          status: done ? 'done' : 'failed',
          failure_code: declined ?? null,
          provider: 'duitku',
          transferCalls: 1,
          transferAttempts: 1,
          xenditCreates: 0,
          waitingChecksWithThatCode: statusCode === '00' || declined ? 0 : 2,
          moneyMovedAtDuitku: done,
        });
        if (done) moved += amount;
      }
      expect(results).toEqual(expected);
      // Each done payout debited its amount once; each failed one was refunded.
      expect(walletBefore - (await disbursable(w))).toBe(moved);
      expect(floatBefore - w.duitku.balance()).toBe(moved);
    } finally {
      await w.close();
    }
  });
});

describe('payouts in doubt raised to operators', () => {
  it('past PAYOUT_IN_DOUBT_ALERT_SECONDS: listed, alerted once as payout.in_doubt, and resolved by an operator once, with a reason', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const w = await startProviderWorld({
      inDoubtResolveMs: 0,
      env: { DISBURSEMENT_PROVIDERS: 'duitku,xendit', PAYOUT_IN_DOUBT_ALERT_SECONDS: '1', PROVIDER_STATUS_POLL_SCHEDULE: '0.2' },
    });
    try {
      const walletBefore = await disbursable(w);
      // Duitku keeps answering "general error" about both transfers: they stay in doubt.
      w.duitku.scriptStatus(61_000, ['EE'], { reversed: true });
      w.duitku.scriptStatus(62_000, Array.from({ length: 10_000 }, () => 'EE'));
      const failing = (await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(payout(IN_DOUBT_TRANSFERS.TO, 61_000)).expect(200)).body.id;
      const paid = (await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(payout(IN_DOUBT_TRANSFERS['68'], 62_000)).expect(200)).body.id;

      const listed = await eventually(
        async () => (await w.t.http.get('/admin/disbursements/in-doubt').set(adminAuth).expect(200)).body as { disbursement_id: string; alerted_at: string | null }[],
        (rows) => [failing, paid].every((id) => rows.some((row) => row.disbursement_id === id && row.alerted_at !== null)),
      );
      expect(listed.find((row) => row.disbursement_id === failing)).toMatchObject({ provider: 'duitku', amount: 61_000, bank_code: 'BCA', account_number: IN_DOUBT_TRANSFERS.TO });
      const report = (await w.t.http.get('/admin/providers/reconciliation').set(adminAuth).expect(200)).body;
      expect(report.payouts_in_doubt.map((row: { disbursement_id: string }) => row.disbursement_id)).toEqual(expect.arrayContaining([failing, paid]));
      // Checks go on after the alert, which is said once per payout.
      const [{ status_checks: checksAtAlert }] = await w.t.sql<{ status_checks: number }>('SELECT status_checks FROM disbursements WHERE id = $1', [failing]);
      await eventually(() => w.t.sql<{ status_checks: number }>('SELECT status_checks FROM disbursements WHERE id = $1', [failing]), ([row]) => row.status_checks >= checksAtAlert + 3);
      const alerts = warn.mock.calls.filter(([fields]) => (fields as { event?: string })?.event === 'payout.in_doubt');
      expect(alerts.map(([fields]) => (fields as { disbursementId: string }).disbursementId).sort()).toEqual([failing, paid].sort());
      expect(await disbursable(w)).toBe(walletBefore - 123_000);

      // The operator's resolution must say who, why, and (when failed) how it failed.
      const resolve = (id: string, body: object) => w.t.http.post(`/admin/disbursements/${id}/resolution`).set(adminAuth).send(body);
      const reason = 'Duitku support ticket 48213: the bank returned the transfer';
      expect((await resolve(failing, { status: 'failed', failure_code: 'REJECTED_BY_BANK', reason }).expect(400)).body.error_code).toBe('API_VALIDATION_ERROR');
      expect((await resolve(failing, { status: 'failed', reason, resolved_by: 'Siti Rahma' }).expect(400)).body.error_code).toBe('API_VALIDATION_ERROR');
      expect((await resolve(failing, { status: 'failed', failure_code: 'REJECTED_BY_BANK', reason: 'trust me', resolved_by: 'Siti Rahma' }).expect(400)).body.error_code).toBe('API_VALIDATION_ERROR');

      const failed = await resolve(failing, { status: 'failed', failure_code: 'REJECTED_BY_BANK', reason, resolved_by: 'Siti Rahma' }).expect(201);
      expect(failed.body).toMatchObject({ disbursement_id: failing, status: 'failed', failure_code: 'REJECTED_BY_BANK', reason, resolved_by: 'Siti Rahma', provider: 'duitku' });
      await resolve(paid, { status: 'done', reason: 'Duitku statement of 22 Nov shows disburseId paid', resolved_by: 'Budi Santoso' }).expect(201);
      // Recorded once: a second verdict, even the same one, is refused.
      expect((await resolve(failing, { status: 'done', reason, resolved_by: 'Budi Santoso' }).expect(409)).body.error_code).toBe('DISBURSEMENT_ALREADY_COMPLETED_ERROR');
      expect((await resolve(paid, { status: 'done', reason, resolved_by: 'Budi Santoso' }).expect(409)).body.error_code).toBe('DISBURSEMENT_ALREADY_COMPLETED_ERROR');
      expect(await w.t.sql('SELECT disbursement_id FROM payout_resolutions ORDER BY resolved_at')).toEqual([{ disbursement_id: failing }, { disbursement_id: paid }]);
      await expect(w.t.sql(`UPDATE payout_resolutions SET reason = 'edited later'`)).rejects.toThrow(/cannot be changed/);

      const merchantView = (id: string) => w.t.http.get(`/api/v2/disbursements/${id}`).set(w.auth).expect(200);
      expect((await merchantView(failing)).body).toMatchObject({ status: 'failed', failure_code: 'REJECTED_BY_BANK' });
      expect((await merchantView(paid)).body).toMatchObject({ status: 'done' });
      expect(await disbursable(w)).toBe(walletBefore - 62_000);
      // No more checks, never another provider, nothing listed any more.
      const [stopped] = await w.t.sql<{ next_action_at: Date | null }>('SELECT next_action_at FROM disbursements WHERE id = $1', [failing]);
      expect(stopped.next_action_at).toBeNull();
      expect(xenditCreates(w, failing)).toHaveLength(0);
      expect((await w.t.http.get('/admin/disbursements/in-doubt').set(adminAuth).expect(200)).body).toEqual([]);

      // Only a payout that may have reached a provider is in doubt (a sandbox one is not).
      const development = bearer(w.merchant.api_keys.development);
      await w.t.http.post('/api/v2/top-ups').set(development).send({ amount: 100_000, transfer_reference: 'dev-top-up-1' }).expect(201);
      const sandbox = await w.t.http.post('/api/v2/create-disbursement').set(development).send(payout('1234567890', 70_000)).expect(200);
      expect((await resolve(sandbox.body.id, { status: 'done', reason, resolved_by: 'Siti Rahma' }).expect(409)).body.error_code).toBe('DISBURSEMENT_NOT_IN_DOUBT_ERROR');
      expect((await resolve('0'.repeat(32), { status: 'done', reason, resolved_by: 'Siti Rahma' }).expect(404)).body.error_code).toBe('DISBURSEMENT_NOT_FOUND_ERROR');
    } finally {
      warn.mockRestore();
      await w.close();
    }
  });
});

describe('Xendit: sent again only on DIRECT_DISBURSEMENT_NOT_FOUND_ERROR, after the documented wait', () => {
  it('a lost create is looked up, resent under the same key only after XENDIT_RESEND_AFTER_SECONDS, and paid once', async () => {
    const w = await startProviderWorld({ env: { DISBURSEMENT_PROVIDERS: 'xendit', XENDIT_RESEND_AFTER_SECONDS: '2', PROVIDER_STATUS_POLL_SCHEDULE: '0.2' } });
    try {
      const walletBefore = await disbursable(w);
      w.xendit.loseNextCreates(1);
      const { body } = await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(payout('1234567890', 90_500)).expect(200);
      expect((await finalOf(w, body.id)).status).toBe('done');
      const creates = xenditCreates(w, body.id);
      expect(creates.map((request) => request.idempotencyKey)).toEqual([body.id, body.id]);
      expect(creates[1].at - creates[0].at).toBeGreaterThanOrEqual(2_000);
      const attempts = await attemptsOf(w, body.id);
      const notFound = attempts.filter((a) => a.operation === 'get_disbursement' && a.response_code === 'DIRECT_DISBURSEMENT_NOT_FOUND_ERROR');
      expect(notFound.length).toBeGreaterThanOrEqual(2);
      expect(notFound.every((a) => a.outcome === 'waiting' || a.outcome === 'advanced')).toBe(true);
      expect([...w.xendit.disbursements.values()].filter((d) => d.external_id === body.id)).toHaveLength(1);
      expect(walletBefore - (await disbursable(w))).toBe(90_500);
    } finally {
      await w.close();
    }
  });

  it('a 404 without that error code (a proxy, a wrong path) is never taken as "not created"', async () => {
    const w = await startProviderWorld({ env: { DISBURSEMENT_PROVIDERS: 'xendit', XENDIT_RESEND_AFTER_SECONDS: '1', PROVIDER_STATUS_POLL_SCHEDULE: '0.2' } });
    try {
      w.xendit.loseNextCreates(1);
      w.xendit.overrideLookupAnswer({ status: 404, body: { message: 'Not Found' } });
      const { body } = await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(payout('1234567890', 91_500)).expect(200);
      const sentAt = Date.now();
      await eventually(
        () => w.t.sql<{ status_checks: number }>('SELECT status_checks FROM disbursements WHERE id = $1', [body.id]),
        ([row]) => row.status_checks >= 6 && Date.now() - sentAt > 2_000,
      );
      expect((await w.t.http.get(`/api/v2/disbursements/${body.id}`).set(w.auth)).body.status).toBe('pending');
      expect(xenditCreates(w, body.id)).toHaveLength(1);
      // Once Xendit itself says it was never created, the documented recovery applies.
      w.xendit.overrideLookupAnswer(null);
      expect((await finalOf(w, body.id)).status).toBe('done');
      expect(xenditCreates(w, body.id)).toHaveLength(2);
    } finally {
      await w.close();
    }
  });
});

describe('payouts in doubt resolved by two operators (four eyes)', () => {
  it('a payout in doubt is resolved as failed by a preparer and a different approver, and the money returns once', async () => {
    const w = await startProviderWorld({
      inDoubtResolveMs: 0,
      env: { DISBURSEMENT_PROVIDERS: 'duitku,xendit', PROVIDER_STATUS_POLL_SCHEDULE: '0.2', FOUR_EYES_MIN_AMOUNT: '0' },
    });
    try {
      const operator = async (name: string, role: string) => {
        const { body } = await w.t.http.post('/admin/operators').set(adminAuth).send({ name, email: `${role}@ops.test`, role }).expect(201);
        return bearer((await w.t.http.post(`/admin/operators/${body.id}/tokens`).set(adminAuth).send({ name: 'desk', scope: 'act' }).expect(201)).body.token);
      };
      const preparer = await operator('Oki Operator', 'operator');
      const approver = await operator('Ayu Approver', 'approver');
      const walletBefore = await disbursable(w);
      w.duitku.scriptStatus(63_000, Array.from({ length: 10_000 }, () => 'EE'));
      const id = (await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(payout(IN_DOUBT_TRANSFERS.TO, 63_000)).expect(200)).body.id as string;
      await eventually(
        async () => (await w.t.http.get('/admin/disbursements/in-doubt?older_than_seconds=0').set(preparer).expect(200)).body as { disbursement_id: string }[],
        (rows) => rows.some((row) => row.disbursement_id === id),
      );
      expect(await disbursable(w)).toBe(walletBefore - 63_000);

      const reason = 'Duitku support ticket 48999: the bank returned the transfer';
      const oneStep = await w.t.http.post(`/admin/disbursements/${id}/resolution`).set(adminAuth).send({ status: 'failed', failure_code: 'REJECTED_BY_BANK', reason, resolved_by: 'Siti' });
      expect(oneStep.status).toBe(409);
      expect(oneStep.body.error_code).toBe('FOUR_EYES_REQUIRED_ERROR');
      const noCode = await w.t.http.post(`/admin/disbursements/${id}/prepare-resolution`).set(preparer).send({ reference: 'ticket 48999', status: 'failed', reason }).expect(400);
      expect(noCode.body.message).toBe('failure_code is required when the payout is resolved as failed');
      const { body: prepared } = await w.t.http
        .post(`/admin/disbursements/${id}/prepare-resolution`)
        .set(preparer)
        .send({ reference: 'ticket 48999', status: 'failed', failure_code: 'REJECTED_BY_BANK', reason })
        .expect(201);
      expect(prepared).toMatchObject({ action: 'payout.resolve', amount: 63_000, parameters: { status: 'failed', failure_code: 'REJECTED_BY_BANK', reason } });
      await w.t.http.post(`/admin/approvals/${prepared.id}/approve`).set(preparer).send({}).expect(403);
      expect(await disbursable(w)).toBe(walletBefore - 63_000);

      const { body: decided } = await w.t.http.post(`/admin/approvals/${prepared.id}/approve`).set(approver).send({}).expect(200);
      expect(decided.result).toMatchObject({
        disbursement_id: id,
        status: 'failed',
        failure_code: 'REJECTED_BY_BANK',
        resolved_by: 'Oki Operator (token:desk), approved by Ayu Approver (token:desk)',
      });
      expect(await disbursable(w)).toBe(walletBefore);
      expect((await w.t.http.get(`/api/v2/disbursements/${id}`).set(w.auth).expect(200)).body).toMatchObject({ status: 'failed', failure_code: 'REJECTED_BY_BANK' });
      // Once: neither the approval nor the payout can be decided again.
      expect((await w.t.http.post(`/admin/approvals/${prepared.id}/approve`).set(approver).send({}).expect(409)).body.error_code).toBe('APPROVAL_ALREADY_DECIDED_ERROR');
      expect((await w.t.http.post(`/admin/disbursements/${id}/prepare-resolution`).set(preparer).send({ reference: 'x', status: 'done', reason }).expect(409)).body.error_code).toBe(
        'DISBURSEMENT_ALREADY_COMPLETED_ERROR',
      );
      expect(await disbursable(w)).toBe(walletBefore);
      expect((await w.t.http.get('/admin/ledger/check').set(approver).expect(200)).body.ok).toBe(true);
    } finally {
      await w.close();
    }
  });
});

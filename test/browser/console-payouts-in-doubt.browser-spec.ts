import { createOperator } from '../support/console';
import { eventually as until, startProviderWorld, type ProviderWorld } from '../support/provider-world';
import { adminAuth } from '../support/test-app';
import { openBrowserOn, type DashboardWorld } from './support/browser';
import { firstConsoleSignIn } from './support/console';
import { newBrowserPage } from './support/merchant';

jest.setTimeout(300_000);

/** Duitku's test account whose transfer answer is in doubt (TO: "Do not retry"). */
const IN_DOUBT_ACCOUNT = '8760673561';
const AMOUNT = 71_000;

/**
 * Issue 15: a payout in doubt (fake Duitku never says what became of it) resolved as failed
 * from the console by two operators, in a real browser against the real server: the money
 * returns to the merchant's disburse wallet once, and the payout is never sent again.
 */
describe('Operator console: a payout in doubt resolved by two operators (issue 15)', () => {
  let w: ProviderWorld;
  let world: DashboardWorld;

  beforeAll(async () => {
    w = await startProviderWorld({
      inDoubtResolveMs: 0,
      env: { DISBURSEMENT_PROVIDERS: 'duitku,xendit', PROVIDER_STATUS_POLL_SCHEDULE: '0.2', FOUR_EYES_MIN_AMOUNT: '0' },
    });
    world = await openBrowserOn(w.t, w.url, () => w.close());
  });
  afterAll(() => world?.close());

  const disbursable = async () => (await w.t.http.get('/api/v2/me').set(w.auth)).body.remaning_disbursable_amount as number;

  it('operator A investigates and prepares "failed"; approver B approves; the money returns once', async () => {
    const before = await disbursable();
    // Every status check hears "EE" (general error): the payout stays in doubt.
    w.duitku.scriptStatus(AMOUNT, Array.from({ length: 10_000 }, () => 'EE'));
    const payout = { bank_code: 'BCA', account_name: 'Test Account', account_number: IN_DOUBT_ACCOUNT, description: 'In doubt', external_id: 'doubt-console', amount: AMOUNT };
    const id = (await w.t.http.post('/api/v2/create-disbursement').set(w.auth).send(payout).expect(200)).body.id as string;
    await until(
      async () => (await w.t.http.get('/admin/disbursements/in-doubt?older_than_seconds=0').set(adminAuth).expect(200)).body as { disbursement_id: string }[],
      (rows) => rows.some((row) => row.disbursement_id === id),
    );
    expect(await disbursable()).toBe(before - AMOUNT);

    const pageA = world.page;
    await firstConsoleSignIn(pageA, world.baseUrl, await createOperator(w.t, 'Oki Operator', 'operator'));
    await pageA.goto(`${world.baseUrl}/console/payouts-in-doubt`);
    const row = pageA.getByTestId(`in-doubt-${id}`);
    await row.getByRole('button', { name: 'Investigate' }).click();
    const investigation = pageA.getByTestId('investigation');
    // The provider's answers: the transfer (TO) and the status checks (EE).
    await investigation.getByTestId('attempts').getByText('TO').first().waitFor();
    await investigation.getByTestId('attempts').getByText('EE').first().waitFor();
    const transfersSent = (await w.t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM disbursement_attempts WHERE disbursement_id = $1 AND operation = 'transfer'`, [id]))[0].n;

    await investigation.getByLabel("Provider's confirmation (ticket or reference)").fill('Duitku ticket 48999');
    await investigation.getByLabel('Failure code for the merchant').click();
    await pageA.getByRole('option', { name: 'REJECTED_BY_BANK' }).click();
    await investigation.getByLabel('How the outcome was confirmed').fill('Duitku support confirms the bank returned the transfer');
    await world.screenshot('console-payout-in-doubt-prepare', pageA);
    await investigation.getByRole('button', { name: 'Prepare resolution' }).click();
    await pageA.waitForURL(/\/console\/approvals\/[0-9a-f-]{36}$/);
    // An operator cannot decide: no buttons for their role.
    await pageA.getByTestId('not-allowed').waitFor();
    expect(await disbursable()).toBe(before - AMOUNT);

    const pageB = await newBrowserPage(world);
    await firstConsoleSignIn(pageB, world.baseUrl, await createOperator(w.t, 'Ayu Approver', 'approver'));
    await pageB.goto(pageA.url());
    await pageB.getByTestId('approval-facts').getByText('REJECTED_BY_BANK').waitFor();
    await pageB.getByRole('button', { name: 'Approve and carry out' }).click();
    await pageB.getByTestId('approval-carried-out').waitFor();
    await world.screenshot('console-payout-in-doubt-approved', pageB);

    expect(await disbursable()).toBe(before);
    expect((await w.t.http.get(`/api/v2/disbursements/${id}`).set(w.auth).expect(200)).body).toMatchObject({ status: 'failed', failure_code: 'REJECTED_BY_BANK' });
    const [resolution] = await w.t.sql<{ resolved_by: string }>('SELECT resolved_by FROM payout_resolutions WHERE disbursement_id = $1', [id]);
    expect(resolution.resolved_by).toBe('Oki Operator (console), approved by Ayu Approver (console)');
    // Never sent again, to Duitku or anyone else; the queue is empty; the ledger agrees.
    expect((await w.t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM disbursement_attempts WHERE disbursement_id = $1 AND operation = 'transfer'`, [id]))[0].n).toBe(transfersSent);
    expect(w.xendit.createRequests.filter((request) => request.externalId === id)).toHaveLength(0);
    await pageB.goto(`${world.baseUrl}/console/payouts-in-doubt`);
    await pageB.getByText('No payouts in doubt.').waitFor();
    expect((await w.t.http.get('/admin/ledger/check').set(adminAuth).expect(200)).body.ok).toBe(true);
  });
});

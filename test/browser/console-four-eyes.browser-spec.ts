import type { Page } from 'playwright-core';
import { createOperator, type NewOperator } from '../support/console';
import { productionVirtualAccount, recordPayments } from '../support/payments-fixtures';
import { adminAuth, bearer } from '../support/test-app';
import { eventually, openDashboard, openPage, type DashboardWorld } from './support/browser';
import { consolePost, firstConsoleSignIn } from './support/console';
import { newBrowserPage } from './support/merchant';

jest.setTimeout(300_000);

const DAY = 86_400_000;

/** The status a badge shows, as the API names it (the label is translated). */
const statusOf = (page: Page, testId: string) => page.getByTestId(testId).locator('[data-status]').getAttribute('data-status');
/** Three days ago in Jakarta: its 14:00 cutoff has passed. */
const businessDate = new Date(Date.now() - 3 * DAY + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * Issue 15's operator console in a real browser against the real server, with production's
 * default rule (FOUR_EYES_MIN_AMOUNT=0: every production amount takes two operators): a
 * top-up prepared by one operator and approved by another who signed in with TOTP, refused
 * to the preparer and to a viewer, and a settlement date run from the console.
 */
describe('Operator console: four eyes (issue 15)', () => {
  let world: DashboardWorld;
  let ayu: NewOperator;
  let budi: NewOperator;
  let vina: NewOperator;
  let pageA: Page;
  let pageB: Page;
  let merchantKey: string;
  let merchantId: string;

  const me = async (key: string) => (await world.t.http.get('/api/v2/me').set(bearer(key)).expect(200)).body as Record<string, number>;
  const ledgerOk = async () => (await world.t.http.get('/admin/ledger/check').set(adminAuth).expect(200)).body.ok as boolean;

  beforeAll(async () => {
    world = await openDashboard({ FOUR_EYES_MIN_AMOUNT: '0' });
    const merchant = await world.t.createMerchant({ name: 'Toko Sari' });
    merchantKey = merchant.api_keys.production;
    merchantId = merchant.id;
    ayu = await createOperator(world.t, 'Ayu Prepares', 'approver');
    budi = await createOperator(world.t, 'Budi Approves', 'approver');
    vina = await createOperator(world.t, 'Vina Views', 'viewer');
  });
  afterAll(() => world?.close());

  let approvalPath: string;

  it('operator A signs in with a new authenticator and prepares a production top-up approval with the bank reference', async () => {
    const topUp = (await world.t.http.post('/api/v2/top-ups').set(bearer(merchantKey)).send({ amount: 25_000_000, transfer_reference: 'BCA-TRF-7781' }).expect(201)).body;
    pageA = world.page;
    await firstConsoleSignIn(pageA, world.baseUrl, ayu);
    await world.screenshot('console-approvals-empty', pageA);
    await openPage(pageA, 'Top-ups');
    const row = pageA.getByTestId(`top-up-${topUp.id}`);
    await row.getByText('BCA-TRF-7781').waitFor();
    await row.getByRole('button', { name: 'Decide' }).click();
    const decision = pageA.getByTestId('top-up-decision');
    expect(await decision.getByLabel('Bank reference of the transfer on our statement').inputValue()).toBe('BCA-TRF-7781');
    await decision.getByLabel('Note for the approver').fill('On the BCA statement of 20 Nov, 10:14 WIB');
    await world.screenshot('console-top-up-prepare', pageA);
    await decision.getByRole('button', { name: 'Prepare approval' }).click();
    await pageA.waitForURL(/\/console\/approvals\/[0-9a-f-]{36}$/);
    approvalPath = new URL(pageA.url()).pathname;
    await expect(pageA.getByTestId('approval-prepared-by').textContent()).resolves.toContain('Ayu Prepares (console)');
    expect(await pageA.getByTestId('approval-reference').textContent()).toBe('BCA-TRF-7781');
    expect((await me(merchantKey)).remaning_disbursable_amount).toBe(0);
  });

  it('A cannot approve what A prepared: the server refuses, nothing moves', async () => {
    await pageA.getByText('You prepared this').waitFor();
    await pageA.getByRole('button', { name: 'Approve and carry out' }).click();
    await pageA.getByText('You prepared this approval: a different approver must decide it').waitFor();
    await world.screenshot('console-self-approval-refused', pageA);
    expect(await statusOf(pageA, 'approval-status')).toBe('pending');
    expect((await me(merchantKey)).remaning_disbursable_amount).toBe(0);
  });

  it('approver B signs in with TOTP, sees both the evidence and who prepared it, approves: the wallet rises once', async () => {
    pageB = await newBrowserPage(world);
    await firstConsoleSignIn(pageB, world.baseUrl, budi);
    await openPage(pageB, 'Approvals');
    await pageB.getByTestId('approvals-table').getByText('Approve top-up').click();
    await pageB.waitForURL(`${world.baseUrl}${approvalPath}`);
    expect(await pageB.getByTestId('approval-reference').textContent()).toBe('BCA-TRF-7781');
    await expect(pageB.getByTestId('approval-facts').textContent()).resolves.toContain('On the BCA statement of 20 Nov');
    await pageB.getByLabel('Note (required to reject)').fill('Matched the statement');
    await world.screenshot('console-approval-decide', pageB);
    await pageB.getByRole('button', { name: 'Approve and carry out' }).click();
    await pageB.getByTestId('approval-carried-out').waitFor();
    expect(await statusOf(pageB, 'approval-status')).toBe('approved');
    await expect(pageB.getByTestId('approval-decided-by').textContent()).resolves.toContain('Budi Approves (console)');
    expect((await me(merchantKey)).remaning_disbursable_amount).toBe(25_000_000);

    // Once: approving again (a double click, a second tab) changes nothing.
    const again = await consolePost(pageB, `/admin${approvalPath.replace('/console', '')}/approve`, {});
    expect(again).toMatchObject({ status: 409, body: { error_code: 'APPROVAL_ALREADY_DECIDED_ERROR' } });
    expect((await me(merchantKey)).remaning_disbursable_amount).toBe(25_000_000);
    expect(await ledgerOk()).toBe(true);
  });

  it('the audit log shows A preparing with the reference, then B approving', async () => {
    await openPage(pageB, 'Audit log');
    const rows = pageB.getByTestId('audit-row');
    await rows.first().waitFor();
    const actions = await rows.evaluateAll((elements) => elements.map((element) => `${element.getAttribute('data-action')} by ${element.children[1].textContent}`));
    const prepared = actions.indexOf('admin.prepare_top_up_approval by Ayu Prepares (console)');
    const approved = actions.indexOf('admin.approve_approval by Budi Approves (console)');
    // Newest first: B's approval above A's preparation.
    expect(approved).toBeGreaterThanOrEqual(0);
    expect(prepared).toBeGreaterThan(approved);
    expect(actions).toContain('operator.signed_in_totp_enrolled by Ayu Prepares (console)');
    const preparedRow = rows.nth(prepared);
    await preparedRow.getByRole('button', { name: 'Details' }).click();
    await pageB.getByText('"reference": "BCA-TRF-7781"').waitFor();
    await world.screenshot('console-audit-log', pageB);
  });

  it('a viewer sees the queues but cannot act: no buttons, and the server refuses a crafted request', async () => {
    const topUp = (await world.t.http.post('/api/v2/top-ups').set(bearer(merchantKey)).send({ amount: 1_500_000, transfer_reference: 'BCA-TRF-9001' }).expect(201)).body;
    const pageV = await newBrowserPage(world);
    await firstConsoleSignIn(pageV, world.baseUrl, vina);
    await openPage(pageV, 'Top-ups');
    const row = pageV.getByTestId(`top-up-${topUp.id}`);
    await row.getByText('BCA-TRF-9001').waitFor();
    expect(await row.getByRole('button', { name: 'Decide' }).count()).toBe(0);
    await expect(pageV.getByRole('navigation').getByRole('link', { name: 'Operators' }).count()).resolves.toBe(0);

    const prepared = await consolePost(pageA, `/admin/top-ups/${topUp.id}/prepare-approval`, { reference: 'BCA-TRF-9001' });
    expect(prepared.status).toBe(201);
    await pageV.goto(`${world.baseUrl}/console/approvals/${String(prepared.body!.id)}`);
    await pageV.getByTestId('not-allowed').waitFor();
    expect(await pageV.getByRole('button', { name: 'Approve and carry out' }).count()).toBe(0);
    await world.screenshot('console-viewer-approval', pageV);
    const crafted = await consolePost(pageV, `/admin/approvals/${String(prepared.body!.id)}/approve`, {});
    expect(crafted).toMatchObject({ status: 403, body: { error_code: 'OPERATOR_FORBIDDEN_ERROR', message: 'Vina Views is a viewer; this needs the approver role' } });
    expect((await me(merchantKey)).remaning_disbursable_amount).toBe(25_000_000);
  });

  it('runs a settlement date from the console (A prepares, B approves); its per-merchant totals match the ledger', async () => {
    const other = await world.t.createMerchant({ name: 'Warung Budi' });
    const amounts = new Map([
      [merchantId, [1_200_000, 800_000]],
      [other.id, [2_500_000]],
    ]);
    const paidAt = new Date(`${businessDate}T10:00:00+07:00`);
    const payments = [];
    for (const [id, list] of amounts) {
      const va = await productionVirtualAccount(world.t, id);
      payments.push(...list.map((amount) => ({ resourceId: va, amount, paidAt })));
    }
    await recordPayments(world.t, payments);

    await openPage(pageA, 'Settlement');
    await pageA.getByLabel('Business date').fill(businessDate);
    await eventually(async () => expect(await pageA.getByTestId('settlement-due').textContent()).toContain('Due now: 3 payments, Rp'));
    await pageA.getByRole('button', { name: `Run settlement for ${businessDate}` }).click();
    await pageA.getByText('This moves production money').waitFor();
    await pageA.getByLabel('Reference (incident or ticket)').fill('INC-2211');
    await pageA.getByLabel('Note for the approver').fill('The 14:00 run did not start after the host restart');
    await world.screenshot('console-settlement-prepare', pageA);
    await pageA.getByRole('button', { name: 'Prepare the run' }).click();
    await pageA.waitForURL(/\/console\/approvals\/[0-9a-f-]{36}$/);

    await pageB.goto(pageA.url());
    await pageB.getByRole('button', { name: 'Approve and carry out' }).click();
    await pageB.getByTestId('approval-carried-out').waitFor();

    await openPage(pageB, 'Settlement');
    await pageB.getByTestId('settlement-runs').getByRole('link', { name: businessDate }).click();
    await pageB.getByTestId('run-merchants').waitFor();
    expect(await statusOf(pageB, 'run-status')).toBe('completed');
    await world.screenshot('console-settlement-run', pageB);
    const keys = new Map([
      [merchantId, merchantKey],
      [other.id, other.api_keys.production],
    ]);
    for (const [id, list] of amounts) {
      const total = list.reduce((sum, amount) => sum + amount, 0);
      const row = pageB.getByTestId(`run-merchant-${id}`);
      const cells = await row.locator('td').allTextContents();
      expect(cells[1]).toBe(String(list.length));
      expect(cells[2].replace(/\D/g, '')).toBe(String(total));
      // The income wallet holds exactly what the run says it settled.
      expect((await me(keys.get(id)!)).remaning_withdrawable_amount).toBe(total);
    }
    expect(await pageB.getByTestId('run-merchant-' + merchantId).textContent()).toContain('Toko Sari');
    expect(await ledgerOk()).toBe(true);
    const csv = await pageB.evaluate(async (href) => (await fetch(href)).text(), (await pageB.getByTestId('settlement-report').getAttribute('href'))!);
    expect(csv.split('\n')[0]).toBe('business_date,environment,merchant_id,merchant_name,payments_count,total_amount');
    expect(csv).toContain(`${businessDate},production,${other.id},Warung Budi,1,2500000`);
    // Finance's per-payment view of the same run: every payment with its external_id, adding up to the merchant rows.
    const href = (await pageB.getByTestId('settlement-payments-report').getAttribute('href'))!;
    const perPayment = await pageB.evaluate(async (url) => (await fetch(url)).text(), href);
    const [header, ...rows] = perPayment.trim().split('\n');
    expect(header).toBe('business_date,environment,merchant_id,merchant_name,payment_id,resource_type,resource_id,external_id,amount,paid_at,settled_at');
    expect(rows.filter((row) => row.includes(`,${other.id},Warung Budi,`))).toEqual([expect.stringMatching(/,virtual_account,[0-9a-f]{32},[^,]+,2500000,\S+\+07:00,\S+\+07:00$/)]);
    await world.screenshot('console-settlement-run-reports', pageB);
  });
});

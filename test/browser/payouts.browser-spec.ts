import type { Page } from 'playwright-core';
import { CallbackReceiver } from '../support/callback-receiver';
import { bearer } from '../support/test-app';
import { eventually, openDashboard, openPage, type DashboardWorld } from './support/browser';
import { addTeammate, newBrowserPage, sendDisbursement, signIn, signUp } from './support/merchant';

jest.setTimeout(300_000);

const PAGE_SIZE = 25;

/** A Jakarta calendar day, `YYYY-MM-DD`, `days` from today. */
function jakartaDay(days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date(Date.now() + days * 86_400_000));
}

const rowsOf = (page: Page, testId: string) => page.getByTestId(testId).locator('tbody tr');

/**
 * Issue 14's payouts in a real browser against the real server: every disbursement of the
 * environment with filters and "Load more", a failed one's explanation and timeline, and
 * withdrawals from the income wallet, with the roles that may see and request them.
 */
describe('Dashboard: disbursements and withdrawals (issue 14)', () => {
  let world: DashboardWorld;
  let receiver: CallbackReceiver;
  let key: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    // Payments settle a second after they are paid and sandbox withdrawals pay out a second
    // after they are requested, so the test sees money become withdrawable and withdrawals end.
    world = await openDashboard({ SANDBOX_PENDING_SECONDS: '1', SANDBOX_DISBURSEMENT_SECONDS: '1' });
  });
  afterAll(async () => {
    await world?.close();
    await receiver?.close();
  });

  it('signs up and funds the development disburse wallet with a top-up', async () => {
    const { page, baseUrl, t } = world;
    key = await signUp(page, baseUrl, { business: 'Koperasi Maju', name: 'Rina Wulandari', email: 'rina@koperasi-maju.test' });
    await page.getByRole('button', { name: 'I have saved them' }).click();

    const topUp = await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: 20_000_000, transfer_reference: 'TRF-MAJU-01' });
    expect(topUp.body).toMatchObject({ status: 'approved' });
    await t.http.put('/api/v2/callback-urls').set(bearer(key)).send({ 'disbursement.failed': receiver.url('/failed') }).expect(200);

    await openPage(page, 'Disbursements');
    await eventually(async () => expect((await page.getByTestId('disbursable').textContent())?.trim()).toBe('Rp 20.000.000'));
    await eventually(async () => expect(await page.getByRole('main').textContent()).toContain('No disbursements yet'));
    await world.screenshot('40-disbursements-empty');
  });

  it('lists disbursements made on the page and through the API, newest first, with "Load more"', async () => {
    const { page, t } = world;
    await sendDisbursement(page, { accountNumber: '5550001234', amount: '150000', description: 'Bagi hasil anggota', externalId: 'page-1' });
    await eventually(async () => expect(await page.getByTestId('disbursement-created').textContent()).toContain('page-1'));
    await eventually(async () => expect(await page.getByTestId('disbursement-page-1').textContent()).toContain('Pending'));
    await eventually(async () => expect((await page.getByTestId('disbursable').textContent())?.trim()).toBe('Rp 19.850.000'));

    // Enough through the API for a second page.
    const items = Array.from({ length: PAGE_SIZE + 1 }, (_, i) => ({
      bank_code: 'BRI',
      account_number: `98765432${String(i + 1).padStart(2, '0')}`,
      account_name: `Anggota ${i + 1}`,
      amount: 100_000 + i * 1_000,
      description: 'Bagi hasil',
      external_id: `api-${String(i + 1).padStart(2, '0')}`,
    }));
    const batch = await t.http.post('/api/v2/create-batch-disbursement').set(bearer(key)).send({ reference: 'bagi-hasil-11', disbursements: items });
    expect(batch.status).toBe(200);
    for (const row of batch.body.disbursements as { id: string; external_id: string }[]) ids.set(row.external_id, row.id);

    await page.reload();
    const rows = rowsOf(page, 'disbursement-table');
    await eventually(async () => expect(await rows.count()).toBe(PAGE_SIZE));
    // One batch is created in one instant: its rows come in id order, all before the older page-1.
    expect(await rows.first().getAttribute('data-testid')).toMatch(/^disbursement-api-\d{2}$/);
    expect(await rows.first().textContent()).toMatch(/Rp 1\d{2}\.000/);
    expect(await rows.first().textContent()).toMatch(/\d{2} \w{3} \d{4}\d{2}:\d{2} WIB/);
    await page.getByRole('button', { name: 'Load more' }).click();
    await eventually(async () => expect(await rows.count()).toBe(PAGE_SIZE + 2));
    expect(await rows.last().getAttribute('data-testid')).toBe('disbursement-page-1');
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await world.screenshot('41-disbursements-list');
  });

  it('filters by status, external id and creation day once the sandbox completed one and failed another', async () => {
    const { page, t } = world;
    await t.http.post(`/api/v2/simulate/disbursements/${ids.get('api-03')}/complete`).set(bearer(key)).send({}).expect(200);
    await t.http.post(`/api/v2/simulate/disbursements/${ids.get('api-05')}/fail`).set(bearer(key)).send({ failure_code: 'INVALID_DESTINATION' }).expect(200);
    await receiver.waitFor((received) => received.some((r) => r.path === '/failed'));

    await page.reload();
    const rows = rowsOf(page, 'disbursement-table');
    const filters = page.getByTestId('list-filters');
    const chooseStatus = async (name: string) => {
      await filters.getByRole('combobox', { name: 'Status', exact: true }).click();
      await page.getByRole('option', { name, exact: true }).click();
    };
    await chooseStatus('Done');
    await page.getByTestId('disbursement-api-03').waitFor();
    await eventually(async () => expect(await rows.count()).toBe(1));
    expect(await page.getByTestId('disbursement-api-03').textContent()).toContain('Done');
    await chooseStatus('Failed');
    await page.getByTestId('disbursement-api-05').waitFor();
    await eventually(async () => expect(await rows.count()).toBe(1));
    expect(await page.getByTestId('disbursement-api-05').textContent()).toContain('INVALID_DESTINATION');
    await world.screenshot('42-disbursements-failed');
    expect(page.url()).toContain('status=failed');

    await chooseStatus('All');
    await eventually(async () => expect(await rows.count()).toBe(PAGE_SIZE));
    await filters.getByLabel('Find by external ID').fill('api-07');
    await filters.getByRole('button', { name: 'Search' }).click();
    await eventually(async () => expect(await rows.first().getAttribute('data-testid')).toBe('disbursement-api-07'));
    expect(await rows.count()).toBe(1);

    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(async () => expect(await rows.count()).toBe(PAGE_SIZE));
    await filters.getByLabel('Created from').fill(jakartaDay(0));
    await eventually(async () => expect(page.url()).toContain(`from=${jakartaDay(0)}`));
    await eventually(async () => expect(await rows.count()).toBe(PAGE_SIZE));
    await filters.getByLabel('Created from').fill(jakartaDay(1));
    await eventually(async () => expect(await page.getByRole('main').textContent()).toContain('Nothing matches these filters.'));
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(async () => expect(await rows.count()).toBe(PAGE_SIZE));
  });

  it("opens a failed disbursement: the failure explained and its timeline with the callback sent; another merchant's id is not found", async () => {
    const { page, t } = world;
    // Found by its external id: the batch's rows share one creation instant, so which of them falls on page 2 is chance.
    await page.goto(`${world.baseUrl}/dashboard/disbursements?external_id=api-05`);
    await page.getByTestId('disbursement-api-05').getByRole('link', { name: 'api-05' }).click();
    await page.waitForURL(`**/dashboard/disbursements/${ids.get('api-05')}`);
    await page.getByRole('main').getByRole('heading', { level: 2, name: 'Disbursement' }).waitFor();
    const explanation = page.getByTestId('failure-explanation');
    await explanation.waitFor();
    expect(await explanation.textContent()).toContain('INVALID_DESTINATION');
    expect(await explanation.textContent()).toContain('does not exist or cannot receive transfers');
    expect(await explanation.textContent()).toContain('back in your disburse wallet');
    expect(await page.getByTestId('disbursement-fields').textContent()).toContain('Rp 104.000');

    const timeline = page.getByTestId('disbursement-timeline');
    await eventually(async () => expect(await timeline.textContent()).toContain('Callback: Disbursement failed'));
    const steps = await timeline.locator('[data-testid^="timeline-"]').evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')));
    expect(steps).toEqual(['timeline-created', 'timeline-failed', 'timeline-callback']);
    expect(await timeline.textContent()).toContain('Failed: INVALID_DESTINATION');
    await eventually(async () => expect(await timeline.textContent()).toMatch(/Delivered1 attempt/));
    expect(await page.getByRole('link', { name: 'Open in the callback log' }).getAttribute('href')).toBe(`/dashboard/callbacks?resource_id=${ids.get('api-05')}`);
    await world.screenshot('43-disbursement-failed-detail');

    // A pending one links to the sandbox.
    await page.goto(`${world.baseUrl}/dashboard/disbursements/${ids.get('api-01')}`);
    await eventually(async () => expect(await page.getByTestId('disbursement-timeline').textContent()).toContain('Waiting for the bank'));
    expect(await page.getByRole('link', { name: 'Complete or fail it in the sandbox' }).getAttribute('href')).toBe(`/dashboard/sandbox?disbursement=${ids.get('api-01')}`);

    const other = await t.createMerchant({ name: 'Toko Lain' });
    const otherKey = other.api_keys.development;
    await t.http.post('/api/v2/top-ups').set(bearer(otherKey)).send({ amount: 500_000, transfer_reference: 'lain' }).expect(201);
    const theirs = await t.http
      .post('/api/v2/create-disbursement')
      .set(bearer(otherKey))
      .send({ bank_code: 'BCA', account_number: '1234567890', account_name: 'Lain', amount: 50_000, description: 'x', external_id: 'secret' })
      .expect(200);
    await page.goto(`${world.baseUrl}/dashboard/disbursements/${theirs.body.id}`);
    await page.getByTestId('disbursement-not-found').waitFor();
  });

  it('withdraws settled income to the sandbox account; too much is refused with INSUFFICIENT_BALANCE', async () => {
    const { page, t } = world;
    const va = await t.http
      .post('/api/v2/create-virtual-account')
      .set(bearer(key))
      .send({ bank_code: 'BNI', name: 'Koperasi Maju', amount: 750_000, external_id: 'iuran-1', is_single_use: true })
      .expect(200);
    await t.http.post(`/api/v2/simulate/virtual-accounts/${va.body.id}/pay`).set(bearer(key)).send({}).expect(200);
    await eventually(async () => expect((await t.http.get('/api/v2/me').set(bearer(key))).body.remaning_withdrawable_amount).toBe(750_000), 20_000);

    await openPage(page, 'Withdrawals');
    const account = page.getByTestId('withdrawal-account');
    await eventually(async () => expect(await account.textContent()).toContain('No sandbox withdrawal account yet'));
    expect(await page.getByRole('button', { name: 'Request withdrawal' }).isDisabled()).toBe(true);
    await eventually(async () => expect((await page.getByTestId('withdrawable').textContent())?.trim()).toBe('Rp 750.000'));
    expect(await page.getByRole('main').textContent()).toContain('No withdrawals yet.');
    await world.screenshot('44-withdrawals-no-account');

    await account.getByLabel('Account number').fill('0123456789');
    await account.getByLabel('Account name').fill('Koperasi Maju');
    await account.getByRole('button', { name: 'Save' }).click();
    await eventually(async () => expect(await account.textContent()).toContain('Sandbox account saved'));
    expect(await account.textContent()).toContain('0123456789');

    await page.getByLabel('Amount').fill('200000');
    await page.getByRole('button', { name: 'Request withdrawal' }).click();
    await eventually(async () => expect(await page.getByTestId('withdrawal-requested').textContent()).toContain('Rp 200.000'));
    await eventually(async () => expect((await page.getByTestId('withdrawable').textContent())?.trim()).toBe('Rp 550.000'));
    const rows = rowsOf(page, 'withdrawal-table');
    await eventually(async () => expect(await rows.count()).toBe(1));
    expect(await rows.first().textContent()).toContain('Rp 200.000');
    expect(await rows.first().textContent()).toContain('0123456789');

    await page.getByLabel('Amount').fill('5000000');
    await page.getByRole('button', { name: 'Request withdrawal' }).click();
    const refused = page.getByTestId('withdrawal-error');
    await eventually(async () => expect(await refused.textContent()).toContain('INSUFFICIENT_BALANCE'));
    expect(await refused.textContent()).toContain('at most Rp 550.000 can be withdrawn now');
    expect(await rows.count()).toBe(1);
    await world.screenshot('45-withdrawals-insufficient');

    // The sandbox pays withdrawals out by itself; the status filter finds it done.
    await eventually(async () => {
      await page.reload();
      await page.getByTestId('withdrawal-table').waitFor();
      expect(await rows.first().textContent()).toContain('Done');
    }, 20_000);
    const status = page.getByTestId('withdrawal-status');
    await status.getByText('Pending', { exact: true }).click();
    await eventually(async () => expect(await page.getByRole('main').textContent()).toContain('Nothing matches these filters.'));
    await status.getByText('Done', { exact: true }).click();
    await eventually(async () => expect(await rows.count()).toBe(1));
    expect((await page.getByTestId('withdrawable').textContent())?.trim()).toBe('Rp 550.000');
    await world.screenshot('46-withdrawals');
  });

  it('a viewer sees withdrawals but no request form', async () => {
    const added = await addTeammate(world.page, { name: 'Vino Viewer', email: 'vino@koperasi-maju.test', role: 'viewer' });
    expect(added.status).toBe(201);
    const page = await newBrowserPage(world);
    await signIn(page, world.baseUrl, 'vino@koperasi-maju.test');

    await openPage(page, 'Withdrawals');
    await eventually(async () => expect(await page.getByTestId('withdrawal-account').textContent()).toContain('0123456789'));
    await eventually(async () => expect(await rowsOf(page, 'withdrawal-table').count()).toBe(1));
    await page.getByTestId('not-allowed').waitFor();
    expect(await page.getByRole('button', { name: 'Request withdrawal' }).count()).toBe(0);
    expect(await page.getByTestId('sandbox-account-form').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Change the sandbox account' }).count()).toBe(0);
    await world.screenshot('47-withdrawals-viewer', page);

    // Disbursements: the list, without the forms or the sandbox links.
    await openPage(page, 'Disbursements');
    await eventually(async () => expect(await rowsOf(page, 'disbursement-table').count()).toBe(PAGE_SIZE));
    expect(await page.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    expect(await page.getByTestId('disbursement-table').getByRole('link', { name: 'Sandbox' }).count()).toBe(0);
  });

  it('is readable on a phone', async () => {
    const { page } = world;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${world.baseUrl}/dashboard/withdrawals`);
    await eventually(async () => expect(await rowsOf(page, 'withdrawal-table').count()).toBe(1));
    await world.screenshot('48-withdrawals-phone');
    await page.goto(`${world.baseUrl}/dashboard/disbursements/${ids.get('api-05')}`);
    await page.getByTestId('failure-explanation').waitFor();
    await eventually(async () => expect(await page.getByTestId('disbursement-timeline').textContent()).toContain('Delivered'));
    await world.screenshot('49-disbursement-detail-phone');
    await page.goto(`${world.baseUrl}/dashboard/disbursements`);
    await eventually(async () => expect(await rowsOf(page, 'disbursement-table').count()).toBe(PAGE_SIZE));
    await page.getByText('Your disbursements').scrollIntoViewIfNeeded();
    await world.screenshot('50-disbursements-phone', page, { fullPage: false });
  });
});

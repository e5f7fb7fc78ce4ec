import { readFileSync } from 'node:fs';
import { CallbackReceiver } from '../support/callback-receiver';
import { adminAuth, bearer } from '../support/test-app';
import { eventually, openDashboard, openPage, type DashboardWorld } from './support/browser';
import { declareTopUp, fillSignUp, sendDisbursement } from './support/merchant';

jest.setTimeout(240_000);

/**
 * Issue 14's "done means", as a merchant does it in a real browser against the real server
 * and PostgreSQL: sign up, see the development keys once, set a callback URL with "Test and
 * save", create a VA, pay it from the sandbox, see it pending on Home with the calculation,
 * declare a top-up, batch-upload a CSV with a bad row, disburse, download a statement.
 * Every page is saved to test-artifacts/screenshots/.
 */
describe('Dashboard: a new merchant from sign-up to first payout (issue 14)', () => {
  let world: DashboardWorld;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    world = await openDashboard();
    // The account merchants transfer top-ups into, as an operator configures it.
    const account = await world.t.http
      .post('/admin/top-up-bank-accounts')
      .set(adminAuth)
      .send({ environment: 'development', bank_code: 'BCA', account_number: '8880123456', account_name: 'PT Palladium Indonesia' });
    expect(account.status).toBe(201);
  });
  afterAll(async () => {
    await world?.close();
    await receiver?.close();
  });

  it('signs up, lands on Home in development and sees the development key once', async () => {
    const { page, baseUrl } = world;
    await page.goto(`${baseUrl}/dashboard/`);
    await page.waitForURL('**/dashboard/sign-in');
    await page.getByRole('heading', { name: 'Sign in to your dashboard' }).waitFor();
    await world.screenshot('01-sign-in');

    await page.getByRole('link', { name: 'Create an account' }).click();
    await fillSignUp(page, { business: 'Toko Budi', name: 'Budi Santoso', email: 'budi@toko-budi.test' });
    await world.screenshot('02-sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.getByTestId('new-keys').waitFor();
    const key = (await page.getByTestId('new-key-development').textContent())!.trim();
    expect(key).toMatch(/^pallapi_secret_development_[0-9a-f]{32}$/);
    expect(await page.getByRole('banner').getByTestId('environment-badge').textContent()).toBe('Development');
    await page.getByTestId('income-available').waitFor();
    await world.screenshot('03-home-keys-shown-once');

    // The key shown is the merchant's real development key.
    const me = await world.t.http.get('/api/v2/me').set(bearer(key));
    expect(me.status).toBe(200);
    expect(me.body.name).toBe('Toko Budi');

    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.reload();
    await page.getByTestId('income-available').waitFor();
    expect(await page.getByTestId('new-keys').count()).toBe(0);
  });

  it('sets a callback URL with "Test and save" and shows what the receiver answered', async () => {
    const { page } = world;
    receiver.respond(() => ({ status: 200, body: 'thanks from toko budi' }));
    await openPage(page, 'Settings → Callbacks');
    const row = page.getByTestId('callback-virtual_account-paid');
    await row.getByRole('textbox').fill(receiver.url('/va-paid'));
    await row.getByRole('button', { name: 'Test and save' }).click();
    const result = page.getByTestId('callback-result-virtual_account-paid');
    await result.waitFor();
    expect(await result.textContent()).toContain('Delivered');
    expect(await result.textContent()).toContain('200');
    expect(await result.textContent()).toContain('thanks from toko budi');
    await receiver.waitFor((received) => received.some((r) => r.path === '/va-paid'));
    await page.getByTestId('callback-token').waitFor();
    await world.screenshot('04-settings-callbacks');

    // Saved: a reload shows the URL.
    await page.reload();
    expect(await page.getByTestId('callback-virtual_account-paid').getByRole('textbox').inputValue()).toBe(receiver.url('/va-paid'));
  });

  it('creates a virtual account and pays it from the sandbox; Home shows it pending, with the calculation', async () => {
    const { page } = world;
    await openPage(page, 'Virtual accounts');
    await page.getByLabel('External ID').first().fill('order-1001');
    await page.getByLabel('Name shown to the payer').fill('Budi Santoso');
    await page.getByLabel('Amount').fill('150000');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('va-created').waitFor();
    const vaId = (await page.getByTestId('va-created-id').textContent())!.trim();
    expect(await page.getByTestId('va-created').textContent()).toContain('Rp 150.000');
    await world.screenshot('05-virtual-accounts');

    await page.getByTestId('va-order-1001').getByRole('link', { name: 'Pay it in the sandbox' }).click();
    await page.waitForURL(`**/dashboard/sandbox?va=${vaId}`);
    expect(await page.getByLabel('Virtual account ID').inputValue()).toBe(vaId);
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.getByTestId('sandbox-paid').waitFor();
    expect(await page.getByTestId('sandbox-paid').textContent()).toContain('Rp 150.000');
    await world.screenshot('06-sandbox');
    await receiver.waitFor((received) => received.some((r) => r.path === '/va-paid' && r.body.includes('order-1001')));

    await openPage(page, 'Home');
    await eventually(async () => expect((await page.getByTestId('income-pending').textContent())?.trim()).toBe('Rp 150.000'));
    expect(await page.getByTestId('income-available').textContent()).toBe('Rp 0');
    expect(await page.getByTestId('income-wallet').textContent()).toContain('Paid, waiting for the 14:00 settlement');
    expect(await page.getByTestId('next-settlement').textContent()).toMatch(/14:00 WIB$/);
    await world.screenshot('07-home-pending');

    // Found again by its external ID.
    await openPage(page, 'Virtual accounts');
    await page.getByLabel('Find by external ID').fill('order-1001');
    await page.getByRole('button', { name: 'Search' }).click();
    await eventually(async () => expect(await page.getByTestId('va-order-1001').first().textContent()).toContain('Pending'));
  });

  it('declares a top-up (approved at once in development) and the disburse wallet rises', async () => {
    const { page } = world;
    await openPage(page, 'Top-ups');
    await eventually(async () => expect(await page.getByTestId('top-up-bank-accounts').textContent()).toContain('8880123456'));
    await declareTopUp(page, '1000000', 'TRF-20261122-01');
    await eventually(async () => expect(await page.getByTestId('top-up-declared').textContent()).toContain('Approved'));
    await eventually(async () => expect(await page.getByTestId('top-up-table').textContent()).toContain('TRF-20261122-01'));
    await world.screenshot('08-top-ups');

    await openPage(page, 'Home');
    await eventually(async () => expect((await page.getByTestId('disburse-available').textContent())?.trim()).toBe('Rp 1.000.000'));
    expect((await page.getByTestId('disburse-topped-up').textContent())?.trim()).toBe('Rp 1.000.000');
  });

  it('checks a batch CSV row by row, refuses a bad row, then sends a good batch and a single disbursement', async () => {
    const { page } = world;
    await openPage(page, 'Disbursements');
    await eventually(async () => expect((await page.getByTestId('disbursable').textContent())?.trim()).toBe('Rp 1.000.000'));

    const header = 'bank_code,account_number,account_name,amount,description,external_id';
    const bad = [header, 'BCA,1234567890,Siti Aminah,100000,Gaji November,pay-1', 'BNI,12ab,Andi,5000,Gaji November,pay-2', 'BRI,9876543210,Rina,"120.000",Gaji November,pay-3'].join('\n');
    await page.locator('input[type=file]').setInputFiles({ name: 'payroll-november.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const line3 = page.getByTestId('batch-line-3');
    await eventually(async () => expect(await line3.textContent()).toContain('account_number must be 5 to 34 digits'));
    await eventually(async () => expect(await line3.textContent()).toContain('amount must be between Rp 10.000 and Rp 100.000.000 for BNI'));
    expect(await page.getByTestId('batch-line-2').getAttribute('data-valid')).toBe('true');
    await eventually(async () => expect(await page.getByRole('button', { name: /^Send 3 disbursements/ }).isDisabled()).toBe(true));
    await world.screenshot('09-disbursements-batch-errors');

    const good = [header, 'BCA,1234567890,Siti Aminah,100000,Gaji November,pay-1', 'BRI,9876543210,Rina,"120.000",Gaji November,pay-3'].join('\n');
    await page.locator('input[type=file]').setInputFiles({ name: 'payroll-november.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await eventually(async () => expect(await page.getByTestId('batch-check').textContent()).toContain('2 rows, all valid'));
    await page.getByRole('button', { name: 'Send 2 disbursements (Rp 220.000)' }).click();
    await eventually(async () => expect(await page.getByTestId('batch-sent').textContent()).toContain('payroll-november'));
    await eventually(async () => expect((await page.getByTestId('disbursable').textContent())?.trim()).toBe('Rp 780.000'));

    await sendDisbursement(page, { accountNumber: '5550001234', amount: '90000', description: 'Refund order-0999', externalId: 'refund-0999' });
    await eventually(async () => expect(await page.getByTestId('disbursement-refund-0999').textContent()).toContain('Pending'));
    await eventually(async () => expect((await page.getByTestId('disbursable').textContent())?.trim()).toBe('Rp 690.000'));
    await world.screenshot('10-disbursements');

    // Home explains the figure: top-ups − completed − reserved, each line linking to its movements.
    await openPage(page, 'Home');
    const line = async (testId: string) => (await page.getByTestId(testId).textContent())?.trim();
    await eventually(async () => expect(await line('disburse-available')).toBe('Rp 690.000'));
    const completed = Number((await line('disburse-disbursed'))!.replace(/\D/g, ''));
    const reserved = Number((await line('disburse-reserved'))!.replace(/\D/g, ''));
    expect(completed + reserved).toBe(310_000);
    expect(await line('disburse-topped-up')).toBe('Rp 1.000.000');
    await world.screenshot('10b-home-calculation');
    await page.getByTestId('disburse-wallet').getByRole('link', { name: 'Approved top-ups' }).click();
    await page.waitForURL('**/dashboard/statements?wallet=disburse&code=top_up**');
    const topUps = page.getByTestId('statement-table');
    await eventually(async () => expect(await topUps.locator('tbody tr').count()).toBe(1));
    expect(await topUps.textContent()).toContain('Top-up');
    expect(await topUps.textContent()).not.toContain('Disbursement');
  });

  it('shows the disburse wallet statement with running balances and downloads it as CSV', async () => {
    const { page } = world;
    await openPage(page, 'Statements');
    await page.getByText('Disburse wallet').click();
    const table = page.getByTestId('statement-table');
    await eventually(async () => expect(await table.textContent()).toContain('Top-up'));
    await eventually(async () => expect(await table.textContent()).toContain('Rp 690.000'));
    await world.screenshot('11-statements');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^palladium-development-disburse-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1 + 1 + 3); // header, the top-up, three reservations (and any completed since)
    expect(csv).toContain('top_up');
    expect(csv).toContain('1000000');
    // Each row names the merchant's own id of what it is about, and its time in Jakarta with the offset.
    expect(lines[0].endsWith(',resource_type,resource_id,external_id')).toBe(true);
    expect(csv).toMatch(/,disbursement,[0-9a-f]{32},refund-0999\n/);
    expect(lines[1].split(',')[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    await eventually(async () => expect(await table.textContent()).toContain('External ID: refund-0999'));

    // Oldest first: the top-up opens the statement, on screen and in the download.
    await page.getByTestId('statement-order').getByText('Oldest first').click();
    await page.waitForURL('**order=oldest_first**');
    await eventually(async () => expect(await table.locator('tbody tr').first().textContent()).toContain('Top-up'));
    await world.screenshot('11b-statements-oldest-first');
    const [oldestFirst] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    const oldestLines = readFileSync((await oldestFirst.path())!, 'utf8').trim().split('\n');
    expect(oldestLines[1].split(',')[3]).toBe('top_up');
    expect(oldestLines.slice(1).map((line) => Number(line.split(',')[0]))).toEqual(lines.slice(1).map((line) => Number(line.split(',')[0])).reverse());
  });

  it('rotates the development key from the API keys page, shown once with a copy button', async () => {
    const { page } = world;
    await openPage(page, 'API keys');
    await page.getByTestId('key-hint-development').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('key-development').getByRole('button', { name: 'Rotate' }).click();
    const fresh = (await page.getByTestId('rotated-key-value').textContent())!.trim();
    expect(fresh).toMatch(/^pallapi_secret_development_[0-9a-f]{32}$/);
    await eventually(async () => expect(await page.getByTestId('key-hint-development').textContent()).toMatch(new RegExp(`${fresh.slice(-4)}$`)));
    await world.screenshot('12-api-keys');
    expect((await world.t.http.get('/api/v2/me').set(bearer(fresh))).status).toBe(200);
  });

  it('once an operator enables production, the switch shows production data, marked as such', async () => {
    const { page, t } = world;
    const switcher = page.getByRole('banner').getByTestId('environment-switch');
    expect(await switcher.getByRole('radio', { name: 'Production' }).isDisabled()).toBe(true);
    const session = (await page.evaluate(async () => (await fetch('/api/dashboard/session')).json())) as { merchant: { id: string } };
    const enabled = await t.http.post(`/admin/merchants/${session.merchant.id}/production`).set(adminAuth).send({ enabled: true });
    expect(enabled.status).toBe(200);

    const production = await t.http
      .post('/admin/top-up-bank-accounts')
      .set(adminAuth)
      .send({ environment: 'production', bank_code: 'BNI', account_number: '0112233445', account_name: 'PT Palladium Indonesia' });
    expect(production.status).toBe(201);

    await page.reload();
    await openPage(page, 'Home');
    await switcher.getByText('Production').click();
    await eventually(async () => expect(await page.getByRole('banner').getByTestId('environment-badge').textContent()).toBe('Production'));
    await eventually(async () => expect((await page.getByTestId('disburse-available').textContent())?.trim()).toBe('Rp 0'));
    expect((await page.getByTestId('income-pending').textContent())?.trim()).toBe('Rp 0');
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Sandbox' }).count()).toBe(0);
    await world.screenshot('15-home-production');

    // In production a declared top-up waits for an operator; approved through the admin API, the wallet rises.
    await openPage(page, 'Top-ups');
    await eventually(async () => expect(await page.getByTestId('top-up-bank-accounts').textContent()).toContain('0112233445'));
    await declareTopUp(page, '2500000', 'TRF-PROD-0001');
    await eventually(async () => expect(await page.getByTestId('top-up-declared').textContent()).toContain('Pending'));
    const declared = (await t.http.get('/admin/top-ups?status=pending').set(adminAuth)).body as { data: { id: string; transfer_reference: string }[] };
    const topUp = declared.data.find((row) => row.transfer_reference === 'TRF-PROD-0001')!;
    await t.http.post(`/admin/top-ups/${topUp.id}/approve`).set(adminAuth).send({}).expect(200);
    await openPage(page, 'Home');
    await eventually(async () => expect((await page.getByTestId('disburse-available').textContent())?.trim()).toBe('Rp 2.500.000'));
    expect((await page.getByTestId('disburse-topped-up').textContent())?.trim()).toBe('Rp 2.500.000');
    await world.screenshot('15b-home-production-top-up');

    await switcher.getByText('Development').click();
    await eventually(async () => expect((await page.getByTestId('disburse-available').textContent())?.trim()).toBe('Rp 690.000'));
  });

  it('is readable on a phone: the menu sits behind a burger', async () => {
    const { page } = world;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Menu' }).click();
    await openPage(page, 'Home');
    await eventually(async () => expect((await page.getByTestId('income-pending').textContent())?.trim()).toBe('Rp 150.000'));
    await world.screenshot('13-home-phone');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Statements' }).waitFor();
    await world.screenshot('14-menu-phone', page, { fullPage: false });
  });

  it('signs out: the dashboard asks to sign in again', async () => {
    const { page, baseUrl } = world;
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByTestId('person-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to your dashboard' }).waitFor();
    await page.goto(`${baseUrl}/dashboard/virtual-accounts`);
    await page.waitForURL('**/dashboard/sign-in');
  });
});

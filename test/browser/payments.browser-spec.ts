import type { Page } from 'playwright-core';
import { CallbackReceiver } from '../support/callback-receiver';
import { bearer } from '../support/test-app';
import { eventually, openDashboard, openPage, type DashboardWorld } from './support/browser';
import { otherMerchantsVirtualAccount, signUp } from './support/merchant';

jest.setTimeout(240_000);

/** The external ids of a list's rows, top to bottom. */
async function listedIds(page: Page, table: string): Promise<string[]> {
  const ids = await page.getByTestId(table).locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace(/^(va|retail)-/, ''));
}

/** Today's and tomorrow's calendar dates in Jakarta, `YYYY-MM-DD`. */
function jakartaDays(): { today: string; tomorrow: string } {
  const day = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(date);
  return { today: day(new Date()), tomorrow: day(new Date(Date.now() + 24 * 3600_000)) };
}

async function chooseStatus(page: Page, status: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Status', exact: true }).click();
  await page.getByRole('option', { name: status, exact: true }).click();
}

/**
 * The virtual accounts and Alfamart codes pages as a merchant uses them in a real browser
 * against the real server: create from the page, list newest first, filter, search, page,
 * open a detail with its payments and the callbacks sent about it, and another merchant's id
 * shows "not found". The sandbox's own payer is held off so statuses change only when the
 * test pays.
 */
describe('Dashboard: virtual accounts and Alfamart codes (issue 14)', () => {
  let world: DashboardWorld;
  let receiver: CallbackReceiver;
  let key: string;

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    world = await openDashboard({ SANDBOX_UNPAID_SECONDS: '86400', SANDBOX_PENDING_SECONDS: '86400' });
  });
  afterAll(async () => {
    await world?.close();
    await receiver?.close();
  });

  it('signs up; the empty list says so and how to add one', async () => {
    const { page, baseUrl } = world;
    key = await signUp(page, baseUrl, { business: 'Toko Payables', name: 'Putri Payables', email: 'putri@toko-payables.test' });
    await page.getByRole('button', { name: 'I have saved them' }).click();

    // Callbacks about payments go to the receiver (set with the key, as the merchant's server would).
    const urls = await world.t.http
      .put('/api/v2/callback-urls')
      .set(bearer(key))
      .send({ 'virtual_account.paid': receiver.url('/va-paid'), 'retail_payment.paid': receiver.url('/retail-paid') });
    expect(urls.status).toBe(200);

    await openPage(page, 'Virtual accounts');
    await eventually(async () => expect(await page.getByTestId('va-empty').textContent()).toContain('No virtual accounts yet'));
    expect(await page.getByTestId('va-empty').textContent()).toContain('Create one with the form above');
    await world.screenshot('payables-01-virtual-accounts-empty');
  });

  it('creates three virtual accounts from the page; the list shows them newest first', async () => {
    const { page } = world;
    for (const [index, externalId] of ['inv-001', 'inv-002', 'inv-003'].entries()) {
      await page.getByLabel('External ID').first().fill(externalId);
      await page.getByLabel('Name shown to the payer').fill(`Pembeli ${index + 1}`);
      await page.getByLabel('Amount').fill(String(100_000 * (index + 1)));
      await page.getByRole('button', { name: 'Create' }).click();
      await eventually(async () => expect(await page.getByTestId('va-created').textContent()).toContain(externalId));
      await eventually(async () => expect((await listedIds(page, 'va-table'))[0]).toBe(externalId));
    }
    expect(await listedIds(page, 'va-table')).toEqual(['inv-003', 'inv-002', 'inv-001']);
    const row = page.getByTestId('va-inv-002');
    expect(await row.textContent()).toContain('Rp 200.000');
    expect(await row.textContent()).toContain('BNI');
    expect(await row.textContent()).toMatch(/Unpaid/);
    expect(await row.textContent()).toMatch(/WIB/);
    await world.screenshot('payables-02-virtual-accounts');
  });

  it('pays one in the sandbox, then filters by status', async () => {
    const { page } = world;
    await page.getByTestId('va-inv-002').getByRole('link', { name: 'Pay it in the sandbox' }).click();
    await page.waitForURL(/\/dashboard\/sandbox\?va=\w+$/);
    await page.getByRole('button', { name: 'Pay now' }).click();
    await eventually(async () => expect(await page.getByTestId('sandbox-paid').textContent()).toContain('Rp 200.000'));

    await openPage(page, 'Virtual accounts');
    await chooseStatus(page, 'Pending');
    await page.waitForURL(/\/dashboard\/virtual-accounts\?status=pending$/);
    await eventually(async () => expect(await listedIds(page, 'va-table')).toEqual(['inv-002']));
    await world.screenshot('payables-03-filter-pending');

    await chooseStatus(page, 'Unpaid');
    await eventually(async () => expect(await listedIds(page, 'va-table')).toEqual(['inv-003', 'inv-001']));

    await chooseStatus(page, 'Done');
    await eventually(async () => expect(await page.getByTestId('va-no-match').textContent()).toContain('Nothing matches these filters'));
    await world.screenshot('payables-04-filter-nothing-matches');
    await page.getByTestId('va-no-match').getByRole('button', { name: 'Clear filters' }).click();
    await eventually(async () => expect(await listedIds(page, 'va-table')).toEqual(['inv-003', 'inv-002', 'inv-001']));
  });

  it('searches by external id and by created dates (Jakarta days)', async () => {
    const { page } = world;
    await page.getByLabel('Find by external ID').fill('inv-001');
    await page.getByRole('button', { name: 'Search' }).click();
    await eventually(async () => expect(await listedIds(page, 'va-table')).toEqual(['inv-001']));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(async () => expect(await listedIds(page, 'va-table')).toHaveLength(3));
    expect(await page.getByLabel('Find by external ID').inputValue()).toBe('');

    const { today, tomorrow } = jakartaDays();
    await page.getByLabel('Created from').fill(tomorrow);
    await eventually(async () => expect(await page.getByTestId('va-no-match').count()).toBe(1));
    await page.getByLabel('Created from').fill(today);
    await page.getByLabel('Created to').fill(today);
    await eventually(async () => expect(await listedIds(page, 'va-table')).toEqual(['inv-003', 'inv-002', 'inv-001']));
    await page.getByRole('button', { name: 'Clear filters' }).click();
  });

  it('pages with "Load more" (25 a page, after_id)', async () => {
    const { page } = world;
    for (let n = 1; n <= 26; n++) {
      const created = await world.t.http
        .post('/api/v2/create-virtual-account')
        .set(bearer(key))
        .send({ bank_code: 'BRI', name: 'Pembeli API', amount: 50_000 + n, external_id: `api-${String(n).padStart(2, '0')}`, is_single_use: true });
      expect(created.status).toBe(200);
    }
    await page.reload();
    await eventually(async () => expect(await listedIds(page, 'va-table')).toHaveLength(25));
    const first = await listedIds(page, 'va-table');
    expect(first[0]).toBe('api-26');
    expect(first[24]).toBe('api-02');
    await page.getByRole('button', { name: 'Load more' }).click();
    await eventually(async () => expect(await listedIds(page, 'va-table')).toHaveLength(29));
    const all = await listedIds(page, 'va-table');
    expect(all.slice(25)).toEqual(['api-01', 'inv-003', 'inv-002', 'inv-001']);
    expect(new Set(all).size).toBe(29);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });

  it("opens a virtual account's detail: its fields, its payment and the callbacks sent about it", async () => {
    const { page } = world;
    await receiver.waitFor((received) => received.some((r) => r.path === '/va-paid' && r.body.includes('inv-002')));
    await page.getByTestId('va-inv-002').getByRole('link', { name: 'inv-002' }).click();
    await page.waitForURL(/\/dashboard\/virtual-accounts\/\w+$/);
    const id = page.url().split('/').pop()!;
    await page.getByTestId('va-detail').waitFor();
    expect(await page.getByTestId('va-detail-id').textContent()).toBe(id);
    expect(await page.getByTestId('va-detail').textContent()).toContain('Pending');
    expect(await page.getByTestId('va-detail').textContent()).toContain('Rp 200.000');
    expect(await page.getByTestId('va-detail').textContent()).toContain('Pembeli 2');
    await eventually(async () => expect(await page.getByTestId('va-payments').textContent()).toContain('Rp 200.000'));
    expect(await page.getByTestId('va-payments').textContent()).toContain('Pending');
    const paid = page.getByTestId('resource-callback-virtual_account.paid');
    await eventually(async () => expect(await paid.textContent()).toContain('Delivered'));
    expect(await paid.textContent()).toContain('Virtual account paid');
    expect(await paid.textContent()).toMatch(/200 · \d+ ms/);
    // virtual_account.created had no URL set: listed too, as such.
    expect(await page.getByTestId('resource-callback-virtual_account.created').textContent()).toContain('No callback URL set');
    expect(await page.getByRole('link', { name: 'Open in the callback log' }).getAttribute('href')).toBe(`/dashboard/callbacks?resource_id=${id}`);
    // Paid already: nothing to pay in the sandbox.
    expect(await page.getByRole('link', { name: 'Pay it in the sandbox' }).count()).toBe(0);
    await world.screenshot('payables-05-virtual-account-detail');

    // An unpaid one offers the sandbox, preselected.
    await page.getByRole('link', { name: 'All virtual accounts' }).click();
    await page.getByTestId('va-inv-001').getByRole('link', { name: 'inv-001' }).click();
    await page.getByTestId('va-detail').waitFor();
    await page.getByText('No payments yet.').waitFor();
    expect(await page.getByTestId('va-payments').count()).toBe(0);
    const unpaidId = page.url().split('/').pop()!;
    expect(await page.getByRole('link', { name: 'Pay it in the sandbox' }).getAttribute('href')).toBe(`/dashboard/sandbox?va=${unpaidId}`);
  });

  it('creates an Alfamart code from its page, sees it listed and in its detail, and pays it in the sandbox', async () => {
    const { page } = world;
    await openPage(page, 'Alfamart codes');
    await eventually(async () => expect(await page.getByTestId('retail-empty').textContent()).toContain('No Alfamart codes yet'));
    await page.getByLabel('External ID').first().fill('alfa-001');
    await page.getByLabel('Name the cashier sees').fill('Budi Pembeli');
    await page.getByLabel('Amount').fill('75000');
    await page.getByRole('button', { name: 'Create' }).click();
    await eventually(async () => expect(await page.getByTestId('retail-created').textContent()).toContain('ALFAMART'));
    const code = (await page.getByTestId('retail-created-number').textContent())!.trim();
    await eventually(async () => expect(await listedIds(page, 'retail-table')).toEqual(['alfa-001']));
    expect(await page.getByTestId('retail-alfa-001').textContent()).toContain(code);
    expect(await page.getByTestId('retail-alfa-001').textContent()).toContain('Budi Pembeli');
    expect(await page.getByTestId('retail-alfa-001').textContent()).toContain('Rp 75.000');
    await world.screenshot('payables-06-alfamart-codes');

    await page.getByTestId('retail-alfa-001').getByRole('link', { name: 'alfa-001' }).click();
    await page.getByTestId('retail-detail').waitFor();
    const id = page.url().split('/').pop()!;
    expect(await page.getByTestId('retail-detail-number').textContent()).toBe(code);
    await page.getByRole('link', { name: 'Pay it in the sandbox' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/sandbox' && url.searchParams.get('retail_payment') === id);
    expect(await page.getByLabel('Alfamart code ID').inputValue()).toBe(id);
    await page.getByRole('button', { name: 'Pay now' }).click();
    await eventually(async () => expect(await page.getByTestId('sandbox-paid').textContent()).toContain('Rp 75.000'));
    await receiver.waitFor((received) => received.some((r) => r.path === '/retail-paid' && r.body.includes('alfa-001')));

    await page.goBack();
    await page.getByTestId('retail-detail').waitFor();
    await eventually(async () => expect(await page.getByTestId('retail-detail').textContent()).toContain('Pending'));
    await eventually(async () => expect(await page.getByTestId('retail-payments').textContent()).toContain('Rp 75.000'));
    await eventually(async () => expect(await page.getByTestId('resource-callback-retail_payment.paid').textContent()).toContain('Delivered'));
    await world.screenshot('payables-07-alfamart-code-detail');
  });

  it("shows another merchant's virtual account id as not found", async () => {
    const { page, baseUrl, t } = world;
    const theirId = await otherMerchantsVirtualAccount(t, 'lain@toko-lain-payables.test', 'their-order');
    await page.goto(`${baseUrl}/dashboard/virtual-accounts/${theirId}`);
    await eventually(async () => expect(await page.getByTestId('va-not-found').textContent()).toContain('There is no virtual account with this ID'));
    expect(await page.getByTestId('va-detail').count()).toBe(0);
    await world.screenshot('payables-08-not-found');
    await page.goto(`${baseUrl}/dashboard/retail-payments/${theirId}`);
    await eventually(async () => expect(await page.getByTestId('retail-not-found').textContent()).toContain('There is no Alfamart code with this ID'));
  });

  it('is usable on a phone', async () => {
    const { page, baseUrl } = world;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/dashboard/virtual-accounts`);
    await eventually(async () => expect(await listedIds(page, 'va-table')).toHaveLength(25));
    await world.screenshot('payables-09-virtual-accounts-phone');
    await page.goto(`${baseUrl}/dashboard/retail-payments`);
    await eventually(async () => expect(await listedIds(page, 'retail-table')).toEqual(['alfa-001']));
    await page.getByTestId('retail-alfa-001').getByRole('link', { name: 'alfa-001' }).click();
    await page.getByTestId('retail-detail').waitFor();
    await world.screenshot('payables-10-alfamart-code-detail-phone');
  });
});

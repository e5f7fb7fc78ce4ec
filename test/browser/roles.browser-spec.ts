import type { Page } from 'playwright-core';
import { eventually, openDashboard, type DashboardWorld } from './support/browser';
import { newBrowserPage, otherMerchantsVirtualAccount, PASSWORD, signIn, signUp } from './support/merchant';

jest.setTimeout(240_000);

async function navLinks(page: Page): Promise<string[]> {
  return (await page.getByRole('navigation').getByRole('link').allTextContents()).map((text) => text.trim());
}

/** A call the page makes with its session cookie, as a script in the page would. */
function fetchInPage(page: Page, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return page.evaluate(
    async ({ path, init }) => {
      const response = await fetch(path, { ...init, credentials: 'same-origin' });
      return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> | null };
    },
    { path, init },
  );
}

/**
 * Roles as the issue lists them, seen in the browser against the real server: the owner adds
 * teammates; a viewer changes nothing; a developer cannot see statements; a request without
 * the CSRF token is refused; another merchant's data cannot be reached by editing ids.
 */
describe('Dashboard: people, roles and the session boundary (issue 14)', () => {
  let world: DashboardWorld;
  const pageOf = () => newBrowserPage(world);

  beforeAll(async () => {
    world = await openDashboard();
  });
  afterAll(() => world?.close());

  it('the owner adds a developer and a viewer, and sees it in the audit trail', async () => {
    const { page, baseUrl } = world;
    await signUp(page, baseUrl, { business: 'Warung Sari', name: 'Sari Dewi', email: 'sari@warung-sari.test' });

    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    for (const [name, email, role] of [
      ['Dimas Developer', 'dimas@warung-sari.test', 'Developer'],
      ['Vina Viewer', 'vina@warung-sari.test', 'Viewer'],
    ]) {
      await page.getByLabel(/^Name/).fill(name);
      await page.getByLabel('Email').fill(email);
      await page.getByRole('combobox', { name: 'Role', exact: true }).click();
      await page.getByRole('option', { name: new RegExp(`^${role}:`) }).click();
      await page.getByLabel(/^First password/).fill(PASSWORD);
      await page.getByRole('button', { name: 'Add a person' }).click();
      await eventually(async () => expect(await page.getByTestId('people-table').textContent()).toContain(email));
    }
    await world.screenshot('20-people');

    await page.getByRole('navigation').getByRole('link', { name: 'Audit trail' }).click();
    await eventually(async () => expect(await page.getByTestId('audit-table').textContent()).toContain('vina@warung-sari.test'));
    await world.screenshot('21-audit');
  });

  it('a viewer sees balances and lists but no control that changes anything', async () => {
    const page = await pageOf();
    await signIn(page, world.baseUrl, 'vina@warung-sari.test');
    expect(await navLinks(page)).toEqual(['Home', 'Settings → Callbacks', 'Callback log', 'Virtual accounts', 'Alfamart codes', 'Disbursements', 'Top-ups', 'Withdrawals', 'Statements', 'People']);
    await page.getByTestId('income-pending').waitFor();
    await page.getByRole('link', { name: 'Virtual accounts' }).click();
    await page.getByLabel('Find by external ID').waitFor();
    expect(await page.getByRole('button', { name: 'Create' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Disbursements' }).click();
    await page.getByTestId('not-allowed').waitFor();
    expect(await page.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    await page.getByRole('link', { name: 'Top-ups' }).click();
    await page.getByTestId('top-up-bank-accounts').waitFor();
    expect(await page.getByRole('button', { name: 'Declare a top-up' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Settings → Callbacks' }).click();
    await page.getByTestId('callback-virtual_account-paid').waitFor();
    expect(await page.getByRole('button', { name: 'Test and save' }).count()).toBe(0);
    await world.screenshot('22-viewer-callbacks', page);

    // The server refuses what the interface hides, even with the session's own CSRF token.
    const session = await fetchInPage(page, '/api/dashboard/session');
    const csrf = String(session.body?.csrf_token);
    const refused = await fetchInPage(page, '/api/v2/top-ups', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'X-Palladium-Environment': 'development' },
      body: JSON.stringify({ amount: 100000, transfer_reference: 'viewer-try' }),
    });
    expect(refused).toMatchObject({ status: 403, body: { error_code: 'FORBIDDEN_ERROR' } });
  });

  it('a developer works with keys, callbacks and the sandbox, and cannot see statements', async () => {
    const page = await pageOf();
    await signIn(page, world.baseUrl, 'dimas@warung-sari.test');
    expect(await navLinks(page)).toEqual(['Home', 'API keys', 'Settings → Callbacks', 'Callback log', 'Virtual accounts', 'Alfamart codes', 'Disbursements', 'Sandbox', 'People']);
    await eventually(async () => expect(await page.getByTestId('income-wallet').textContent()).toContain('shown to owners, finance staff and viewers'));
    await page.goto(`${world.baseUrl}/dashboard/statements`);
    await page.getByTestId('not-allowed').waitFor();
    await world.screenshot('23-developer-statements', page);
    const statement = await fetchInPage(page, '/api/v2/transactions?wallet=income', { headers: { 'X-Palladium-Environment': 'development' } });
    expect(statement).toMatchObject({ status: 403, body: { error_code: 'FORBIDDEN_ERROR' } });
  });

  it('a change without the CSRF token is refused; with it, it goes through', async () => {
    const { page } = world;
    const headers = { 'Content-Type': 'application/json', 'X-Palladium-Environment': 'development' };
    const body = JSON.stringify({ amount: 250000, transfer_reference: 'csrf-check' });
    const without = await fetchInPage(page, '/api/v2/top-ups', { method: 'POST', headers, body });
    expect(without).toMatchObject({ status: 403, body: { error_code: 'CSRF_TOKEN_INVALID_ERROR' } });
    const wrong = await fetchInPage(page, '/api/v2/top-ups', { method: 'POST', headers: { ...headers, 'X-CSRF-Token': 'not-the-token' }, body });
    expect(wrong.status).toBe(403);
    const session = await fetchInPage(page, '/api/dashboard/session');
    const withToken = await fetchInPage(page, '/api/v2/top-ups', { method: 'POST', headers: { ...headers, 'X-CSRF-Token': String(session.body?.csrf_token) }, body });
    expect(withToken).toMatchObject({ status: 201, body: { status: 'approved', amount: 250000 } });
  });

  it("one merchant's person cannot reach another merchant's data by editing ids", async () => {
    const { page, t } = world;
    const theirId = await otherMerchantsVirtualAccount(t, 'lain@toko-lain.test', 'secret-order');

    const headers = { 'X-Palladium-Environment': 'development' };
    expect((await fetchInPage(page, `/api/v2/virtual-accounts/${theirId}`, { headers })).status).toBe(404);
    expect(await fetchInPage(page, '/api/v2/virtual-accounts?external_id=secret-order', { headers })).toMatchObject({ status: 200, body: [] });
    await page.goto(`${world.baseUrl}/dashboard/sandbox?va=${theirId}`);
    await page.getByRole('button', { name: 'Pay now' }).click();
    await eventually(async () => expect(await page.getByRole('alert').textContent()).toContain('VIRTUAL_ACCOUNT_NOT_FOUND_ERROR'));
    await world.screenshot('24-other-merchant-va', page);
  });
});

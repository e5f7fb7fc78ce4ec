import type { Page } from 'playwright-core';
import { createOperator } from '../support/console';
import { adminAuth, bearer, creditIncomeWallet } from '../support/test-app';
import { eventually, openDashboard, openPage, type DashboardWorld } from './support/browser';
import { firstConsoleSignIn } from './support/console';

jest.setTimeout(240_000);

/** Opens a confirmation (its button on the page), optionally writes in its field, and confirms it. */
async function confirm(page: Page, opener: string, confirmLabel: string, text?: { label: string; value: string }): Promise<void> {
  await page.getByRole('main').getByRole('button', { name: opener, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  if (text) await dialog.getByLabel(text.label).fill(text.value);
  await dialog.getByRole('button', { name: confirmLabel, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/**
 * The console's merchant and operator pages in the browser against the real server: an admin
 * creates a merchant and sees its keys once, switches its production off and on, suspends it
 * (its key is refused) and lifts the suspension, then adds an operator and sees the first
 * password once (issue 15).
 */
describe('Console: merchants and operators (issue 15)', () => {
  let world: DashboardWorld;

  beforeAll(async () => {
    world = await openDashboard();
  });
  afterAll(() => world?.close());

  it('an admin creates a merchant, switches its production, suspends it and lifts the suspension', async () => {
    const { page, baseUrl, t } = world;
    const admin = await createOperator(t, 'Ayu Admin', 'admin');
    await firstConsoleSignIn(page, baseUrl, admin);

    await openPage(page, 'Merchants');
    await page.getByRole('button', { name: 'Create a merchant' }).click();
    await page.getByLabel('Merchant name').fill('PT Kopi Nusantara');
    await page.getByLabel('Contact email').fill('finance@kopi-nusantara.test');
    await page.getByRole('button', { name: 'Create merchant' }).click();
    await page.getByTestId('created-merchant-keys').waitFor();
    const productionKey = (await page.getByTestId('created-key-production').textContent())!.trim();
    expect(productionKey).toMatch(/^pallapi_secret_production_[0-9a-f]{32}$/);
    await eventually(async () => expect(await page.getByTestId('merchants-table').textContent()).toContain('finance@kopi-nusantara.test'));
    await world.screenshot('console-merchants-01-created');
    const key = bearer(productionKey);
    await t.http.get('/api/v2/banks').set(key).expect(200);

    // Some life for the detail page: settled money, an owner, a callback that failed.
    const [{ id: merchantId }] = await t.sql<{ id: string }>('SELECT id FROM merchants WHERE email = $1', ['finance@kopi-nusantara.test']);
    await creditIncomeWallet(t, { merchantId, environment: 'production' }, 1_250_000);
    await t.http.post(`/admin/merchants/${merchantId}/people`).set(adminAuth).send({ name: 'Rina Owner', email: 'rina@kopi-nusantara.test', role: 'owner' }).expect(201);
    await t.sql(
      `INSERT INTO callback_events (id, merchant_id, environment, event_type, resource_id, body, status, attempt_count)
       VALUES ('evt_console_failed', $1, 'production', 'virtual_account.paid', 'va-1', '{}', 'failed', 8)`,
      [merchantId],
    );
    await t.sql(
      `INSERT INTO callback_attempts (event_id, attempted_at, url, status_code, latency_ms, error, response_snippet, delivered)
       VALUES ('evt_console_failed', now(), 'https://kopi-nusantara.test/palladium/callbacks', 502, 30, NULL, 'Bad gateway', false)`,
    );

    await page.getByTestId('open-created-merchant').click();
    await page.getByRole('main').getByRole('heading', { level: 2, name: 'PT Kopi Nusantara' }).waitFor();
    await eventually(async () => expect(await page.getByTestId('wallet-production-income-available').textContent()).toBe('Rp 1.250.000'));
    await page.getByTestId('merchant-people').getByText('rina@kopi-nusantara.test').waitFor();
    await eventually(async () => expect(await page.getByTestId('callback-failed-production').textContent()).toBe('1'));
    expect(await page.getByTestId('callback-health-production').textContent()).toContain('HTTP 502');
    expect(await page.getByTestId('api-key-production').textContent()).toContain(`…${productionKey.slice(-4)}`);
    // The key itself is never shown again.
    expect(await page.content()).not.toContain(productionKey);
    await world.screenshot('console-merchants-02-detail');

    await confirm(page, 'Switch production off', 'Switch production off');
    await eventually(async () => expect(await page.getByTestId('production-badge').textContent()).toBe('production off'));
    expect((await t.http.get('/api/v2/banks').set(key).expect(403)).body.error_code).toBe('PRODUCTION_NOT_ENABLED_ERROR');
    await confirm(page, 'Switch production on', 'Switch production on');
    await eventually(async () => expect(await page.getByTestId('production-badge').textContent()).toBe('production on'));
    await t.http.get('/api/v2/banks').set(key).expect(200);

    await confirm(page, 'Suspend', 'Suspend merchant', { label: 'Reason', value: 'Chargeback ratio above 3%: compliance review' });
    await page.getByTestId('merchant-suspended').waitFor();
    expect(await page.getByTestId('merchant-suspended').textContent()).toContain('Chargeback ratio above 3%: compliance review');
    await world.screenshot('console-merchants-03-suspended');
    const refused = await t.http.get('/api/v2/banks').set(key).expect(403);
    expect(refused.body.message).toMatch(/suspended/);

    await confirm(page, 'Lift the suspension', 'Lift the suspension', { label: 'Note', value: 'Review closed' });
    await page.getByTestId('merchant-suspended').waitFor({ state: 'detached' });
    await t.http.get('/api/v2/banks').set(key).expect(200);
    await world.screenshot('console-merchants-04-reinstated');

    const audit = await t.sql<{ action: string; operator_name: string }>(
      `SELECT action, operator_name FROM audit_log WHERE target LIKE 'merchant:%' AND action LIKE 'merchant.%' ORDER BY id`,
    );
    expect(audit).toEqual([
      { action: 'merchant.production_disabled', operator_name: 'Ayu Admin' },
      { action: 'merchant.production_enabled', operator_name: 'Ayu Admin' },
      { action: 'merchant.suspended', operator_name: 'Ayu Admin' },
      { action: 'merchant.unsuspended', operator_name: 'Ayu Admin' },
    ]);
  });

  it('an admin adds an operator and sees the first password once', async () => {
    const { page, t } = world;
    await openPage(page, 'Operators');
    await page.getByLabel(/^Name/).fill('Bima Approver');
    await page.getByLabel('Work email').fill('bima@palladium.test');
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: /^approver/ }).click();
    await page.getByRole('button', { name: 'Add operator' }).click();
    await page.getByTestId('first-password-once').waitFor();
    const password = (await page.getByTestId('first-password').textContent())!.trim();
    await eventually(async () => expect(await page.getByTestId('operators-table').textContent()).toContain('bima@palladium.test'));
    await world.screenshot('console-merchants-05-operator-added');
    // The password shown is the one that signs in (its first step).
    await t.http.post('/admin/console/totp-enrollment').send({ email: 'bima@palladium.test', password }).expect(200);

    await page.getByRole('button', { name: 'I have copied it: hide' }).click();
    await page.getByTestId('first-password-once').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(password);
    await page.getByTestId('operator-bima@palladium.test').getByRole('button', { name: 'Tokens' }).click();
    await page.getByTestId('operator-tokens-' + (await operatorId(world, 'bima@palladium.test'))).getByText('No API tokens.').waitFor();
    await world.screenshot('console-merchants-06-operators');
  });

  it('an operator sees their account and issues a token of their own, shown once, then revokes it', async () => {
    const { page, t } = world;
    await page.getByTestId('operator-menu').click();
    await page.getByRole('menuitem', { name: 'Your account' }).click();
    await page.getByRole('main').getByRole('heading', { level: 2, name: 'Account' }).waitFor();
    expect(await page.getByTestId('account-role').textContent()).toBe('admin');
    await page.getByLabel(/^Token name/).fill('reports-cron');
    await page.getByRole('button', { name: 'Issue token' }).click();
    const token = (await page.getByTestId('issued-token').textContent())!.trim();
    expect((await t.http.get('/admin/operators/me').set(bearer(token)).expect(200)).body).toMatchObject({ name: 'Ayu Admin', scope: 'read', via: 'token:reports-cron' });
    await page.getByTestId('token-reports-cron').waitFor();
    await world.screenshot('console-merchants-07-account');

    await page.getByTestId('token-reports-cron').getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke it' }).click();
    await eventually(async () => expect(await page.getByTestId('token-reports-cron').textContent()).toContain('revoked'));
    await t.http.get('/admin/operators/me').set(bearer(token)).expect(401);
  });
});

async function operatorId(world: DashboardWorld, email: string): Promise<string> {
  const [row] = await world.t.sql<{ id: string }>('SELECT id FROM operators WHERE email = $1', [email]);
  return row.id;
}

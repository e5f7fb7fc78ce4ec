import { CallbackReceiver } from '../support/callback-receiver';
import { bearer } from '../support/test-app';
import { eventually, openDashboard, openPage, type DashboardWorld } from './support/browser';
import { addTeammate, newBrowserPage, PASSWORD, postInPage, signIn } from './support/merchant';

jest.setTimeout(240_000);

const OWNER = 'citra@toko-citra.test';
const VIEWER = 'vino@toko-citra.test';
const NEW_PASSWORD = 'a longer passphrase for citra';

/**
 * The callback log and the Account page in a real browser against the real server: a
 * delivery fails against the merchant's broken endpoint, the log shows what it answered,
 * Resend delivers it once the URL is fixed; filters live in the URL; a viewer sees the log
 * without Resend; the owner changes the password and the old one stops working.
 */
describe('Dashboard: callback log and account (issue 14)', () => {
  let world: DashboardWorld;
  let receiver: CallbackReceiver;
  let key: string;
  let vaId: string;
  let paidEventId: string;
  let createdEventId: string;

  const events = async (query: string) => {
    const list = await world.t.http.get(`/api/v2/callbacks?${query}`).set(bearer(key));
    expect(list.status).toBe(200);
    return list.body.data as { id: string; status: string }[];
  };
  const setPaidUrl = async (url: string) => {
    const saved = await world.t.http.put('/api/v2/callback-urls').set(bearer(key)).send({ 'virtual_account.paid': url });
    expect(saved.status).toBe(200);
  };
  const createVa = async (externalId: string) => {
    const va = await world.t.http
      .post('/api/v2/create-virtual-account')
      .set(bearer(key))
      .send({ bank_code: 'BNI', name: 'Citra Lestari', amount: 150000, external_id: externalId, is_single_use: true });
    expect(va.status).toBe(200);
    return va.body.id as string;
  };

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    receiver.respond((callback) =>
      callback.path === '/broken' ? { status: 500, body: 'upstream database unavailable, try later' } : { status: 200, body: 'recorded by toko citra' },
    );
    // One attempt per schedule: a failed delivery is final (status failed) until resent.
    world = await openDashboard({ CALLBACK_RETRY_SCHEDULE: '0' });
    const signedUp = await world.t.http.post('/api/dashboard/sign-up').send({ merchant_name: 'Toko Citra', name: 'Citra Lestari', email: OWNER, password: PASSWORD });
    expect(signedUp.status).toBe(201);
    key = signedUp.body.api_keys.development;
  });
  afterAll(async () => {
    await world?.close();
    await receiver?.close();
  });

  it('starts empty, pointing to the callback settings', async () => {
    const { page, baseUrl } = world;
    await signIn(page, baseUrl, OWNER);
    await openPage(page, 'Callback log');
    await eventually(async () => expect(await page.getByRole('main').textContent()).toContain('No events yet'));
    expect(await page.getByRole('main').getByRole('link', { name: 'Callback settings' }).getAttribute('href')).toBe('/dashboard/settings/callbacks');
  });

  it('shows a failed delivery with the status code and what the endpoint answered', async () => {
    const { page } = world;
    await setPaidUrl(receiver.url('/broken'));
    vaId = await createVa('order-2001');
    expect((await world.t.http.post(`/api/v2/simulate/virtual-accounts/${vaId}/pay`).set(bearer(key)).send({})).status).toBe(200);
    await receiver.waitFor((received) => received.some((r) => r.path === '/broken'));
    await eventually(async () => expect((await events(`resource_id=${vaId}&event=virtual_account.paid`))[0]?.status).toBe('failed'));
    paidEventId = (await events(`resource_id=${vaId}&event=virtual_account.paid`))[0].id;
    createdEventId = (await events(`resource_id=${vaId}&event=virtual_account.created`))[0].id;

    await page.reload();
    const row = page.getByTestId(`callback-row-${paidEventId}`);
    await eventually(async () => expect(await row.getAttribute('data-status')).toBe('failed'));
    expect(await row.textContent()).toContain('Virtual account paid');
    expect(await row.textContent()).toContain(vaId);
    expect(await row.getByTestId('callback-attempt-count').textContent()).toBe('1');
    // Without a URL for its type the creation event is kept, marked "No URL".
    expect(await page.getByTestId(`callback-row-${createdEventId}`).getAttribute('data-status')).toBe('no_url');

    await row.getByRole('button', { name: 'Details' }).click();
    const detail = page.getByTestId(`callback-detail-${paidEventId}`);
    await detail.waitFor();
    const attempts = detail.getByTestId('callback-attempt');
    expect(await attempts.count()).toBe(1);
    expect(await attempts.first().getByTestId('callback-attempt-status').textContent()).toBe('HTTP 500');
    expect(await attempts.first().textContent()).toContain(receiver.url('/broken'));
    expect(await attempts.first().getByTestId('callback-attempt-response').textContent()).toBe('upstream database unavailable, try later');
    expect(await attempts.first().textContent()).toMatch(/\d{2}:\d{2}:\d{2} WIB/);
    const payload = JSON.parse((await detail.getByTestId('callback-payload').textContent())!) as { id: string; event: string; data: { external_id: string } };
    expect(payload).toMatchObject({ id: paidEventId, event: 'virtual_account.paid', data: { external_id: 'order-2001' } });
    await world.screenshot('callback-log-01-failed');
  });

  it('after the URL is fixed, Resend delivers it: a second attempt, and the receiver has it', async () => {
    const { page } = world;
    await setPaidUrl(receiver.url('/fixed'));
    const detail = page.getByTestId(`callback-detail-${paidEventId}`);
    await detail.getByRole('button', { name: 'Resend' }).click();
    // Queued at once; the confirmation follows the event until it is delivered.
    await eventually(async () => expect(await detail.getByTestId('callback-resent').textContent()).toMatch(/pending again with a fresh retry schedule|Delivered/));
    // The page refreshes on its own while the delivery is due.
    const row = page.getByTestId(`callback-row-${paidEventId}`);
    await eventually(async () => expect(await row.getAttribute('data-status')).toBe('delivered'));
    await eventually(async () => expect(await detail.getByTestId('callback-attempt').count()).toBe(2));
    const second = detail.getByTestId('callback-attempt').nth(1);
    expect(await second.getByTestId('callback-attempt-status').textContent()).toBe('HTTP 200');
    expect(await second.getByTestId('callback-attempt-response').textContent()).toBe('recorded by toko citra');
    expect(await row.textContent()).toMatch(/Delivered.*WIB/);
    await eventually(async () => expect(await detail.getByTestId('callback-resent').textContent()).toMatch(/^Queued to be sent againDelivered \d{2} \w{3} \d{4}, \d{2}:\d{2} WIB\.$/));

    const delivered = receiver.on('/fixed');
    expect(delivered).toHaveLength(1);
    expect(delivered[0].headers['webhook-id']).toBe(paidEventId);
    expect(delivered[0].body).toContain('order-2001');
    await world.screenshot('callback-log-02-resent-delivered');
  });

  it('filters by status and by resource id, and the filters are in the URL', async () => {
    const { page, baseUrl } = world;
    const otherVa = await createVa('order-2002');
    const otherCreated = (await events(`resource_id=${otherVa}`))[0].id;

    // A link from another page: only that resource's events.
    await page.goto(`${baseUrl}/dashboard/callbacks?resource_id=${vaId}`);
    await page.getByTestId(`callback-row-${paidEventId}`).waitFor();
    expect(await page.getByTestId(`callback-row-${createdEventId}`).count()).toBe(1);
    expect(await page.getByTestId(`callback-row-${otherCreated}`).count()).toBe(0);
    expect(await page.getByLabel('Resource ID').inputValue()).toBe(vaId);

    // Choosing a status adds it to the URL, next to the resource id.
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'No URL' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'no_url' && url.searchParams.get('resource_id') === vaId);
    // While the filtered page loads neither row is shown: wait for the answer, not for the old row to go.
    await eventually(async () => {
      expect(await page.getByTestId(`callback-row-${createdEventId}`).count()).toBe(1);
      expect(await page.getByTestId(`callback-row-${paidEventId}`).count()).toBe(0);
    });
    await world.screenshot('callback-log-03-filtered');

    // A shared link with a status only.
    await page.goto(`${baseUrl}/dashboard/callbacks?status=delivered`);
    await page.getByTestId(`callback-row-${paidEventId}`).waitFor();
    expect(await page.getByRole('table').getByTestId(/^callback-row-/).count()).toBe(1);
    expect(await page.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('Delivered');

    await page.goto(`${baseUrl}/dashboard/callbacks?status=failed`);
    await eventually(async () => expect(await page.getByRole('main').textContent()).toContain('No event matches these filters.'));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.search === '');
    await page.getByTestId(`callback-row-${otherCreated}`).waitFor();

    // Clicking a row's resource id narrows the log to it.
    await page.getByTestId(`callback-row-${otherCreated}`).getByRole('link', { name: otherVa }).click();
    await page.waitForURL((url) => url.searchParams.get('resource_id') === otherVa);
    await eventually(async () => {
      expect(await page.getByTestId(`callback-row-${otherCreated}`).count()).toBe(1);
      expect(await page.getByTestId(`callback-row-${paidEventId}`).count()).toBe(0);
    });
  });

  it('a viewer sees the log and every attempt, without a Resend button; the server refuses it too', async () => {
    const added = await addTeammate(world.page, { name: 'Vino Viewer', email: VIEWER, role: 'viewer' });
    expect(added.status).toBe(201);
    const page = await newBrowserPage(world);
    await signIn(page, world.baseUrl, VIEWER);
    await openPage(page, 'Callback log');
    const row = page.getByTestId(`callback-row-${paidEventId}`);
    await row.getByRole('button', { name: 'Details' }).click();
    await page.getByTestId(`callback-detail-${paidEventId}`).getByTestId('callback-attempt').nth(1).waitFor();
    expect(await page.getByRole('button', { name: 'Resend' }).count()).toBe(0);
    await world.screenshot('callback-log-04-viewer', page);
    expect(await postInPage(page, `/api/v2/callbacks/${paidEventId}/resend`, {})).toMatchObject({ status: 403, body: { error_code: 'FORBIDDEN_ERROR' } });
    await page.context().close();
  });

  it('at phone width a row opens the event on its own page', async () => {
    const { page, baseUrl } = world;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${baseUrl}/dashboard/callbacks`);
      await page.getByTestId(`callback-row-${paidEventId}`).waitFor();
      await world.screenshot('callback-log-05-phone', page, { fullPage: false });
      await page.getByTestId(`callback-row-${paidEventId}`).getByRole('link', { name: 'Details' }).click();
      await page.waitForURL(`**/dashboard/callbacks/${paidEventId}`);
      await page.getByTestId(`callback-detail-${paidEventId}`).getByTestId('callback-attempt').nth(1).waitFor();
      await world.screenshot('callback-log-06-phone-detail', page);
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
    // The event's own page at laptop width, as a shared link opens it.
    await page.reload();
    await page.getByTestId(`callback-detail-${paidEventId}`).getByTestId('callback-attempt').nth(1).waitFor();
    expect(await page.getByTestId(`callback-detail-${paidEventId}`).textContent()).toContain('Virtual account paid');
    await world.screenshot('callback-log-07-event-page');
  });

  it('changes the password on the Account page: other sessions end, the old password is refused', async () => {
    const { page, baseUrl } = world;
    const otherPage = await newBrowserPage(world);
    await signIn(otherPage, baseUrl, OWNER);

    await page.getByTestId('person-menu').click();
    await page.getByRole('menuitem', { name: 'Your account' }).click();
    await page.getByRole('main').getByRole('heading', { level: 2, name: 'Your account' }).waitFor();
    expect(await page.getByTestId('account-email').textContent()).toBe(OWNER);
    expect(await page.getByTestId('account-role').textContent()).toMatch(/^Owner/);
    expect(await page.getByTestId('account-merchant').textContent()).toBe('Toko Citra');

    await page.getByLabel(/^Current password/).fill('not my password at all');
    await page.getByLabel(/^New password(?! again)/).fill(NEW_PASSWORD);
    await page.getByLabel(/^New password again/).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await eventually(async () => expect(await page.getByRole('main').textContent()).toContain('This is not your current password.'));

    await page.getByLabel(/^Current password/).fill(PASSWORD);
    await page.getByLabel(/^New password again/).fill(`${NEW_PASSWORD}!`);
    await page.getByRole('button', { name: 'Change password' }).click();
    await eventually(async () => expect(await page.getByRole('main').textContent()).toContain('The two new passwords differ.'));

    await page.getByLabel(/^New password again/).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    // The other browser's, and the one sign-up (through the API) started.
    await eventually(async () => expect(await page.getByTestId('password-changed').textContent()).toContain('2 other sessions were signed out; this one stays.'));
    await world.screenshot('callback-log-08-account');

    // The other browser's session ended; this one still works.
    await otherPage.reload();
    await otherPage.waitForURL('**/dashboard/sign-in');
    await otherPage.context().close();
    await openPage(page, 'Callback log');

    await page.getByTestId('person-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/dashboard/sign-in');
    await page.getByLabel('Email').fill(OWNER);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(async () => expect(await page.getByRole('alert').textContent()).toContain('Email or password is not right.'));
    await signIn(page, baseUrl, OWNER, NEW_PASSWORD);

    // "Sign out everywhere" from the Account page ends this session too.
    await page.goto(`${baseUrl}/dashboard/account`);
    await page.getByRole('main').getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL('**/dashboard/sign-in');
    await page.goto(`${baseUrl}/dashboard/account`);
    await page.waitForURL('**/dashboard/sign-in');
  });
});

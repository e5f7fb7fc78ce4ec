import type { Page } from 'playwright-core';
import { bearer, type TestApp } from '../../support/test-app';
import { eventually, type DashboardWorld } from './browser';

/** The password the browser tests sign people up and add teammates with. */
export const PASSWORD = 'correct horse battery staple';

export interface NewMerchant {
  business: string;
  name: string;
  email: string;
  password?: string;
}

/** Fills the sign-up form already shown, without submitting it. */
export async function fillSignUp(page: Page, { business, name, email, password = PASSWORD }: NewMerchant): Promise<void> {
  await page.getByLabel('Business name').fill(business);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
}

/**
 * Signs a new merchant up on the sign-up page and waits for the keys it shows once; answers
 * the development key (the keys stay shown until "I have saved them").
 */
export async function signUp(page: Page, baseUrl: string, merchant: NewMerchant): Promise<string> {
  await page.goto(`${baseUrl}/dashboard/sign-up`);
  await fillSignUp(page, merchant);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('new-keys').waitFor();
  return (await page.getByTestId('new-key-development').textContent())!.trim();
}

/** Signs in on the sign-in page and waits until the dashboard shows the person's menu. */
export async function signIn(page: Page, baseUrl: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/dashboard/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('person-menu').waitFor();
}

/** A page in a second, separate browser (its own cookies), e.g. for another person. */
export async function newBrowserPage(world: DashboardWorld): Promise<Page> {
  const context = await world.newContext();
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return page;
}

/** A POST the page makes with its session cookie and CSRF token in development, as the dashboard does. */
export async function postInPage(page: Page, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> | null }> {
  return page.evaluate(
    async ({ path, body }) => {
      const session = (await (await fetch('/api/dashboard/session')).json()) as { csrf_token: string };
      const response = await fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token, 'X-Palladium-Environment': 'development' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> | null };
    },
    { path, body },
  );
}

/** The signed-in owner on `page` adds a teammate through the API the People page uses. */
export function addTeammate(page: Page, person: { name: string; email: string; role: string; password?: string }) {
  return postInPage(page, '/api/dashboard/people', { password: PASSWORD, ...person });
}

/** Declares a top-up with the Top-ups page's form (shown). */
export async function declareTopUp(page: Page, amount: string, reference: string): Promise<void> {
  await page.getByLabel('Amount').fill(amount);
  await page.getByLabel('Your transfer reference').fill(reference);
  await page.getByRole('button', { name: 'Declare a top-up' }).click();
}

/** Sends one disbursement with the Disbursements page's form (shown), its account name filled by "Check account name". */
export async function sendDisbursement(page: Page, form: { accountNumber: string; amount: string; description: string; externalId: string }): Promise<void> {
  await page.getByLabel('Account number').fill(form.accountNumber);
  await page.getByRole('button', { name: 'Check account name' }).click();
  await eventually(async () => expect(await page.getByLabel('Account name').inputValue()).not.toBe(''));
  await page.getByLabel('Amount').fill(form.amount);
  await page.getByLabel('Description').fill(form.description);
  await page.getByLabel('External ID').first().fill(form.externalId);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** Another merchant ("Toko Lain"), signed up through the API, with one virtual account: answers its id, for "not yours" checks. */
export async function otherMerchantsVirtualAccount(t: TestApp, email: string, externalId: string): Promise<string> {
  const other = await t.http.post('/api/dashboard/sign-up').send({ merchant_name: 'Toko Lain', name: 'Lain', email, password: PASSWORD });
  expect(other.status).toBe(201);
  const theirs = await t.http
    .post('/api/v2/create-virtual-account')
    .set(bearer(other.body.api_keys.development))
    .send({ bank_code: 'BNI', name: 'Lain', amount: 50000, external_id: externalId, is_single_use: true });
  expect(theirs.status).toBe(200);
  return theirs.body.id as string;
}

import type { Page } from 'playwright-core';
import { totpCodeAt } from '../../../src/operators/totp';
import type { NewOperator } from '../../support/console';

/**
 * Signs an operator in to the console for the first time, as they would: email and first
 * password, then the authenticator set-up the console asks for (the secret shown on the page
 * goes into an "app": otplib computes the code), then the code. Answers the TOTP secret.
 */
export async function firstConsoleSignIn(page: Page, baseUrl: string, operator: NewOperator): Promise<string> {
  await page.goto(`${baseUrl}/console/sign-in`);
  await page.getByLabel('Work email').fill(operator.email);
  await page.getByLabel(/^Password/).fill(operator.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByLabel('Authenticator code').fill(totpCodeAt(secret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('operator-menu').waitFor();
  return secret;
}

/** A POST the console page makes with its session cookie and CSRF token (what a crafted request from the page could do). */
export async function consolePost(page: Page, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> | null }> {
  return page.evaluate(
    async ({ path, body }) => {
      const session = (await (await fetch('/admin/console/session')).json()) as { csrf_token: string };
      const response = await fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> | null };
    },
    { path, body },
  );
}

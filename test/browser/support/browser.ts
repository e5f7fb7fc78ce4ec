import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureDashboardBuilt } from '../../support/dashboard-build';
import { PROJECT_ROOT } from '../../support/processes';
import { startTestApp, type TestApp } from '../../support/test-app';

/** Where every browser test saves its page screenshots (a CI artifact; gitignored). */
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-artifacts', 'screenshots');

/** Debian's chromium (`.ci/run` installs it); Playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps calling Google's hosts, which this
// closed network refuses; a fresh profile per run keeps tests independent.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface DashboardWorld {
  t: TestApp;
  baseUrl: string;
  context: BrowserContext;
  page: Page;
  /** Screenshot (the whole page, or only the viewport) to test-artifacts/screenshots/<name>.png. */
  screenshot(name: string, page?: Page, options?: { fullPage?: boolean }): Promise<string>;
  /** A second, separate browser (its own cookies), e.g. for another person. */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * The real server (startTestApp on its own database, listening on 127.0.0.1) serving the
 * built dashboard, and headless Chromium driven by playwright-core.
 */
export async function openDashboard(env: NodeJS.ProcessEnv = {}): Promise<DashboardWorld> {
  const t = await startTestApp(env);
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return openBrowserOn(t, `http://127.0.0.1:${port}`, () => t.close());
}

/** Headless Chromium on a server already listening at `baseUrl` (e.g. a provider world's); `closeServer` ends it with the browser. */
export async function openBrowserOn(t: TestApp, baseUrl: string, closeServer: () => Promise<void>): Promise<DashboardWorld> {
  ensureDashboardBuilt();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  const launch = async () => {
    const profile = mkdtempSync(path.join(tmpdir(), 'palladium-chromium-'));
    profiles.push(profile);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 860 },
      locale: 'en-US',
      // The dashboard must show Jakarta times whatever the browser's zone is.
      timezoneId: 'America/New_York',
      acceptDownloads: true,
    });
    contexts.push(context);
    return context;
  };
  const context = await launch();
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return {
    t,
    baseUrl,
    context,
    page,
    async screenshot(name, target = page, { fullPage = true } = {}) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await target.screenshot({ path: file, fullPage, animations: 'disabled' });
      return file;
    },
    newContext: launch,
    async close() {
      for (const open of contexts) await open.close().catch(() => undefined);
      for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
      await closeServer();
    },
  };
}

/**
 * Retries an assertion (jest `expect` inside) until it passes or `timeoutMs` ends, then
 * throws its last failure: the page updates asynchronously after each action.
 */
export async function eventually(assertion: () => Promise<void> | void, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Follows a link of the menu and waits for that page's heading, so the next step acts on the
 * new page rather than on the one still shown (the app navigates without a page load).
 */
export async function openPage(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  await page.getByRole('main').getByRole('heading', { level: 2, name, exact: true }).waitFor();
}

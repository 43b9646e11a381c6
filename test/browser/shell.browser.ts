import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('web shell', () => {
  let api: TestApi;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // A demo workspace: its seeded accounts let the tests sign in to reach the sections.
    api = await startTestApi({ DEMO: 'true' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });
  beforeEach(async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    page = await context.newPage();
  });
  afterEach(async () => {
    await page.context().close();
  });

  it('opens on the directory and reaches every section through the navigation', async () => {
    await signIn(page, api);
    await page.goto(api.url);
    await page.waitForURL(/\/directory$/);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page);
    for (const [name, path] of [
      ['Threads', '/threads'],
      ['Plans', '/plans'],
      ['Announcements', '/announcements'],
      ['Admin', '/admin'],
      ['Directory', '/directory'],
    ]) {
      await nav.getByRole('link', { name }).click();
      await page.waitForURL(new RegExp(`${path}$`));
      await nav.locator('a[aria-current="page"]', { hasText: name }).waitFor();
      expect(await nav.locator('a[aria-current="page"]').count()).toBe(1);
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      await expectAccessible(page);
    }
    expect(await page.getByRole('contentinfo').textContent()).toContain('Liaison');
  });

  it('serves deep links from the server and shows a 404 page for unknown ones', async () => {
    await signIn(page, api);
    await page.goto(`${api.url}/plans`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/plans');
    await page.goto(`${api.url}/no/such/page`);
    const home = page.getByRole('link', { name: /directory|home/i }).first();
    await home.waitFor();
    await expectAccessible(page);
  });

  it('switches to Polish and remembers the choice', async () => {
    await signIn(page, api);
    await page.goto(`${api.url}/directory`);
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await chooseLanguage(page, 'Language', 'Polski');
    const nav = page.getByRole('navigation', { name: 'Nawigacja główna' });
    await nav.getByRole('link', { name: 'Plany' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('pl');
    await page.reload();
    await page.getByRole('navigation', { name: 'Nawigacja główna' }).waitFor();
    await expectAccessible(page);
    await chooseLanguage(page, 'Język', 'English');
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  });

  it('shows the sign-in page with fields a user can fill in', async () => {
    await page.goto(`${api.url}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByLabel('E-mail').fill('ana.ionescu@politiaromana.ro.test');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').or(page.getByRole('alert')).first().waitFor();
    await expectAccessible(page);
  });
});

/** Signs in as the demo secretariat (who sees every section, Admin included). */
async function signIn(page: Page, api: TestApi) {
  await page.goto(`${api.url}/sign-in`);
  await page.getByLabel('E-mail').fill('secretariat@liaison.test');
  await page.getByLabel('Password', { exact: true }).fill('demo-password-liaison-2026');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/directory$/);
}

async function chooseLanguage(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label }).selectOption({ label: option });
}

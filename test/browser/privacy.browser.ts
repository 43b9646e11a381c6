import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '@liaison/demo';
import { expectAccessible, launchBrowser, submitSignIn } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// The demo seed's accounts (DEMO=true relaxes two-step verification for them).
const SECRETARIAT = 'secretariat@liaison.test';
const ANA = 'ana.ionescu@liaison.test';
const JURGEN = 'jurgen.mueller@liaison.test';

/** Privacy rights in the browser: a person's own data, retention settings, erasing a departed person. */
describe('privacy screens', () => {
  let api: TestApi;
  let db: DataSource;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    api = await startTestApi({ DEMO: 'true' });
    db = api.app.get(DataSource);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', viewport, acceptDownloads: true });
    contexts.push(context);
    return context.newPage();
  }

  it('a member finds the privacy page from the account menu and downloads their data with a summary', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await submitSignIn(page, api.url, ANA, DEMO_PASSWORD);
    await page.waitForURL(/\/directory$/);
    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Privacy and your data' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('menuitem', { name: 'Privacy and your data' }).click();
    await page.getByRole('heading', { level: 1, name: 'Privacy and your data' }).waitFor();
    await page.getByRole('rowheader', { name: 'Encrypted messages and attachments' }).waitFor();
    await page.getByRole('cell', { name: 'Until deleted' }).waitFor();
    // A member reads the periods; only the secretariat sets them.
    expect(await page.getByRole('heading', { name: 'Retention periods' }).count()).toBe(0);
    await expectAccessible(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^liaison-personal-data-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(file.subject.emails).toContain(ANA);
    expect(file.sections.identity.account.email).toBe(ANA);
    await page
      .getByRole('status')
      .getByText(/Your data was downloaded/)
      .waitFor();
    await page.getByRole('rowheader', { name: 'Account · sessions' }).waitFor();
    await expectAccessible(page);
  });

  it('the secretariat sets retention periods, a period below its minimum raised to it', async () => {
    const page = await newPage();
    await submitSignIn(page, api.url, SECRETARIAT, DEMO_PASSWORD);
    await page.waitForURL(/\/directory$/);
    await page.goto(`${api.url}/privacy`);
    await page.getByRole('heading', { level: 2, name: 'Retention periods' }).waitFor();
    const messages = page.getByRole('textbox', { name: 'Encrypted messages' });
    expect(await messages.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'Keep until deleted' }).nth(2).uncheck();
    await messages.fill('30');
    const audit = page.getByRole('textbox', { name: 'Audit log' });
    await audit.fill('10');
    await audit.blur();
    expect(await audit.inputValue()).toBe('90 days');
    await page.getByText('At least 90 days.').waitFor();
    await expectAccessible(page);
    // The session's proof of the password is old: the page asks for it, then saves.
    await db.query(
      `UPDATE session SET reauthenticated_at = now() - interval '1 hour'
        WHERE user_id = (SELECT id FROM user_account WHERE email = $1)`,
      [SECRETARIAT],
    );
    await page.getByRole('button', { name: 'Save periods' }).click();
    const proof = page.getByRole('dialog', { name: 'Confirm it is you' });
    await proof.getByText('Changing retention periods needs your password again.').waitFor();
    await expectAccessible(page);
    await proof.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await proof.getByRole('button', { name: 'Confirm and save' }).click();
    await page.getByRole('status').getByText('The retention periods are saved.').waitFor();
    const rows = (await db.query(`SELECT kind, days FROM retention_policy ORDER BY kind`)) as {
      kind: string;
      days: number;
    }[];
    expect(rows).toEqual([
      { kind: 'audit_events', days: 90 },
      { kind: 'deliveries', days: 730 },
      { kind: 'messages', days: 30 },
    ]);
    await page.getByRole('cell', { name: '30 days', exact: true }).waitFor();
  });

  it('the secretariat erases a departed person after confirming it is them, on a phone', async () => {
    // Jürgen Müller has left his service: his entry is marked departed (edited elsewhere).
    const [[entry]] = (await db.query(`UPDATE contact SET status = 'departed' WHERE $1 = ANY(emails) RETURNING id`, [
      JURGEN,
    ])) as [{ id: string }[], number];
    const contactId = entry.id;
    // … and his account was disabled under Users (the erasure refuses a live account).
    await db.query(`UPDATE user_account SET status = 'disabled' WHERE email = $1`, [JURGEN]);
    const page = await newPage({ width: 390, height: 844 });
    await submitSignIn(page, api.url, SECRETARIAT, DEMO_PASSWORD);
    await page.waitForURL(/\/directory$/);
    // The session's proof of the password is older than five minutes.
    await db.query(
      `UPDATE session SET reauthenticated_at = now() - interval '1 hour'
        WHERE user_id = (SELECT id FROM user_account WHERE email = $1)`,
      [SECRETARIAT],
    );
    await page.goto(`${api.url}/directory/contacts/${contactId}`);
    await page.getByRole('heading', { level: 1, name: 'Jürgen Müller' }).waitFor();
    await page.getByRole('button', { name: 'Erase personal data' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase Jürgen Müller' });
    await dialog.getByText('What will change').waitFor();
    await dialog.getByText(/^Directory: \d+ records?$/).waitFor();
    await dialog.getByText(/^Account: \d+ records?$/).waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await dialog.getByText('Give a reason of at least 3 characters.').waitFor();
    await dialog
      .getByLabel(/^Reason/)
      .fill('Jürgen Müller left the BKA; erasure requested by his unit (Art. 17 GDPR).');
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await dialog.getByText('Erasing someone needs your password again.').waitFor();
    await expectAccessible(page);
    await dialog.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm and erase' }).click();
    const done = page.getByRole('status').getByText(/They appear as ∅ [0-9A-Z]{5} from now on/);
    await done.waitFor();
    const pseudonym = (await done.textContent())!.match(/∅ [0-9A-Z]{5}/)![0];
    await page.getByRole('heading', { level: 1, name: pseudonym }).waitFor();
    expect(await page.getByRole('button', { name: 'Erase personal data' }).count()).toBe(0);
    await expectAccessible(page);

    // The erasure is listed with its reason, the name replaced.
    await page.goto(`${api.url}/privacy`);
    await page.getByRole('heading', { level: 2, name: 'Erasures' }).waitFor();
    await page.getByText(`${pseudonym} left the BKA; erasure requested by his unit (Art. 17 GDPR).`).waitFor();
    // Jürgen cannot sign in any more.
    const his = await newPage();
    await submitSignIn(his, api.url, JURGEN, DEMO_PASSWORD);
    await his.getByRole('alert').waitFor();
    expect(his.url()).toMatch(/\/sign-in$/);
  });
});

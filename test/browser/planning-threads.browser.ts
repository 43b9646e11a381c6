import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { expectAccessible, launchBrowser, submitSignIn } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// Demo accounts: Jürgen chairs the group, Ana and Tomasz are members, Sofia observes; Thijs is not
// in it (libs/planning/src/demo).
const JURGEN = 'jurgen.mueller@liaison.test';
const ANA = 'ana.ionescu@liaison.test';
const TOMASZ = 'orgadmin.pl@liaison.test';
const THIJS = 'thijs.devries@polderhost.nl.test';
const GROUP = 'Victim Identification Taskforce liaison';

describe("a working group's encrypted thread (protocol v2), its members changed only with the chair's approval", () => {
  let api: TestApi;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    api = await startTestApi({ DEMO: 'true' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await api?.close();
  });

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    await submitSignIn(page, api.url, email);
    await page.waitForURL(/\/directory$/);
    return page;
  }

  /** Onboarding on the threads page: keys, the 24 words, three of them asked back. */
  async function setUpKeys(page: Page): Promise<void> {
    await nav(page).getByRole('link', { name: 'Threads' }).click();
    await page.getByRole('heading', { name: 'Set up end-to-end encryption' }).waitFor();
    await page.getByRole('button', { name: 'Create my keys' }).click();
    await page.getByRole('list', { name: 'Recovery words' }).waitFor();
    const words = (await page.getByTestId('recovery-word').allTextContents()).map((w) => w.replace(/^\d+\.\s*/, ''));
    expect(words).toHaveLength(24);
    await page.getByRole('button', { name: 'I have written them down' }).click();
    const asked = page.getByLabel(/^Word \d+$/);
    await asked.first().waitFor();
    const labels = await asked.evaluateAll((inputs) =>
      inputs.map((i) => (i as unknown as { labels: { textContent: string }[] }).labels[0].textContent),
    );
    for (const [i, label] of labels.entries()) await asked.nth(i).fill(words[Number(/\d+/.exec(label)![0]) - 1]);
    await page.getByRole('button', { name: 'Finish setting up' }).click();
    await page.getByRole('button', { name: 'New thread' }).first().waitFor();
  }

  async function openGroup(page: Page): Promise<void> {
    await nav(page).getByRole('link', { name: 'Working groups' }).click();
    await page.getByRole('link', { name: GROUP }).click();
    await page.getByRole('heading', { level: 1, name: GROUP }).waitFor();
  }

  const threadSection = (page: Page) => page.getByRole('region', { name: 'Encrypted group thread' });
  const changes = (page: Page) => page.getByRole('region', { name: 'Changes waiting for your approval' });

  /** Who the delivery service has in the group's thread (display names, sorted). */
  async function threadMembers(): Promise<string[]> {
    const rows: { name: string }[] = await api.app.get(DataSource).query(
      `SELECT u.display_name AS name FROM working_group g
         JOIN mls_thread_member x ON x.thread_id = g.thread_id JOIN user_account u ON u.id = x.user_id
        WHERE g.name = $1 ORDER BY u.display_name`,
      [GROUP],
    );
    return rows.map((r) => r.name);
  }

  it('is started by the chair; people added to or removed from the group are changes the chair approves', async () => {
    const jurgen = await signedIn(JURGEN);
    await setUpKeys(jurgen);
    const ana = await signedIn(ANA);
    await setUpKeys(ana);

    // Before the thread: who will be in it, and who is not yet (no encryption set up).
    await openGroup(jurgen);
    const section = threadSection(jurgen);
    await section.getByText('The group has no encrypted thread yet.').waitFor();
    await section.getByText('The thread will include you and Ana Ionescu.').waitFor();
    await section.getByText(/Tomasz Kowalczyk, Sofia Lindqvist: they join once they have set up encryption/).waitFor();
    await expectAccessible(jurgen);
    await section.getByRole('button', { name: "Start the group's encrypted thread" }).click();
    await section.getByRole('link', { name: "Open the group's thread" }).waitFor();
    await section.getByText('Everyone in the group who has set up encryption is in the thread.').waitFor();
    expect(await threadMembers()).toEqual(['Ana Ionescu', 'Jürgen Müller']);

    // Ana sees the group's thread and opens it: its subject is the group's name.
    await openGroup(ana);
    await threadSection(ana).getByRole('link', { name: "Open the group's thread" }).click();
    await ana.waitForURL(/\/threads\/[0-9a-f-]{36}$/);
    await ana.getByRole('heading', { level: 1, name: GROUP }).waitFor({ timeout: 30_000 });

    // Thijs sets up encryption and is added to the group: a change waiting for the chair, nothing more.
    const thijs = await signedIn(THIJS);
    await setUpKeys(thijs);
    const members = jurgen.getByRole('region', { name: 'Members' });
    await members.getByLabel('Person').fill('Thijs');
    await jurgen.getByRole('option', { name: /^Thijs de Vries/ }).click();
    await members.getByRole('button', { name: 'Add to the group' }).click();
    await members.getByRole('rowheader', { name: 'Thijs de Vries' }).waitFor();
    const addThijs = changes(jurgen).getByRole('button', { name: 'Add Thijs de Vries' });
    await addThijs.waitFor();
    await jurgen.waitForTimeout(1_000);
    expect(await threadMembers()).toEqual(['Ana Ionescu', 'Jürgen Müller']);
    await addThijs.click();
    await section.getByText('Everyone in the group who has set up encryption is in the thread.').waitFor();
    expect(await threadMembers()).toEqual(['Ana Ionescu', 'Jürgen Müller', 'Thijs de Vries']);

    // Tomasz sets up encryption and Ana leaves the group: two changes, approved together.
    const tomasz = await signedIn(TOMASZ);
    await setUpKeys(tomasz);
    await members.getByRole('button', { name: 'Remove Ana Ionescu from the group' }).click();
    await jurgen
      .getByRole('dialog', { name: 'Remove from the group?' })
      .getByRole('button', { name: 'Remove' })
      .click();
    await changes(jurgen).getByRole('button', { name: 'Remove Ana Ionescu' }).waitFor();
    await openGroup(jurgen); // looks again at who has set up encryption since
    await changes(jurgen).getByRole('button', { name: 'Add Tomasz Kowalczyk' }).waitFor();
    await changes(jurgen).getByRole('button', { name: 'Remove Ana Ionescu' }).waitFor();
    await section.getByText(/Sofia Lindqvist: they join once they have set up encryption/).waitFor();
    await section.scrollIntoViewIfNeeded();
    await expectAccessible(jurgen);
    await jurgen.setViewportSize({ width: 390, height: 844 });
    await section.scrollIntoViewIfNeeded();
    await expectAccessible(jurgen);
    expect(await threadMembers()).toEqual(['Ana Ionescu', 'Jürgen Müller', 'Thijs de Vries']);
    await changes(jurgen).getByRole('button', { name: 'Apply all' }).click();
    await section.getByText('Everyone in the group who has set up encryption is in the thread.').waitFor();
    expect(await threadMembers()).toEqual(['Jürgen Müller', 'Thijs de Vries', 'Tomasz Kowalczyk']);

    // Tomasz, a member and not a chair, sees the link to the thread and nothing to approve.
    await openGroup(tomasz);
    await threadSection(tomasz).getByRole('link', { name: "Open the group's thread" }).waitFor();
    expect(await changes(tomasz).count()).toBe(0);
  }, 240_000);
});

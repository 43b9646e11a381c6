import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { expectAccessible, launchBrowser, submitSignIn } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// Demo accounts: Jürgen chairs the group, Ana and Tomasz are members (libs/planning/src/demo).
const JURGEN = 'jurgen.mueller@liaison.test';
const ANA = 'ana.ionescu@liaison.test';
const TOMASZ = 'orgadmin.pl@liaison.test';
const GROUP = 'Victim Identification Taskforce liaison';
const PLAN = 'Victim Identification Taskforce follow-up 2026';

describe("a working group's encrypted thread, and turning a message into an action item", () => {
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
  const messages = (page: Page) => page.getByTestId('message');

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
    await page.getByRole('button', { name: 'Create my keys' }).click();
    const words = (await page.getByTestId('recovery-word').allTextContents()).map((w) => w.replace(/^\d+\.\s*/, ''));
    await page.getByRole('button', { name: 'I have written them down' }).click();
    const asked = page.getByLabel(/^Word \d+$/);
    await asked.first().waitFor();
    const labels = await asked.evaluateAll((inputs) =>
      inputs.map((i) => (i as unknown as { labels: { textContent: string }[] }).labels[0].textContent),
    );
    for (const [i, label] of labels.entries()) await asked.nth(i).fill(words[Number(/\d+/.exec(label)![0]) - 1]);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('button', { name: 'Finish setting up' }).click();
    await page.getByRole('button', { name: 'New thread' }).first().waitFor();
  }

  async function openGroup(page: Page): Promise<void> {
    await nav(page).getByRole('link', { name: 'Working groups' }).click();
    await page.getByRole('link', { name: GROUP }).click();
    await page.getByRole('heading', { level: 1, name: GROUP }).waitFor();
  }

  const threadSection = (page: Page) => page.getByRole('region', { name: 'Encrypted group thread' });

  it('the chair starts the group thread, members follow the group, and a message becomes an item', async () => {
    const jurgen = await signedIn(JURGEN);
    await setUpKeys(jurgen);
    const ana = await signedIn(ANA);
    await setUpKeys(ana);

    // The chair starts the thread; Tomasz has no keys yet and is listed as joining later.
    await openGroup(jurgen);
    const section = threadSection(jurgen);
    await section.getByText('The group has no encrypted thread yet.').waitFor();
    await section
      .getByRole('alert')
      .or(section.getByText(/Tomasz Kowalczyk/))
      .first()
      .waitFor();
    await expectAccessible(jurgen);
    await section.getByRole('button', { name: "Start the group's encrypted thread" }).click();
    await section.getByRole('link', { name: "Open the group's thread" }).click();
    await jurgen.getByRole('heading', { level: 1, name: GROUP }).waitFor();
    await jurgen
      .getByRole('textbox', { name: 'Message' })
      .fill(
        'Romanian Police: please check the school uniform lead (series VIDTF-26-014).\nUniform and wall socket point to Romania.',
      );
    await jurgen.getByRole('button', { name: 'Send' }).click();
    await messages(jurgen).filter({ hasText: 'school uniform lead' }).waitFor();

    // Ana reads it in the group thread and turns it into an item, choosing the text that leaves E2EE.
    await nav(ana).getByRole('link', { name: 'Threads' }).click();
    await ana.getByRole('link', { name: new RegExp(`${GROUP}|Encrypted thread`) }).click();
    const message = messages(ana).filter({ hasText: 'school uniform lead' });
    await message.waitFor();
    await message.getByRole('button', { name: /Make an action item from the message of Jürgen Müller/ }).click();
    const dialog = ana.getByRole('dialog', { name: 'Make an action item from this message' });
    await dialog.getByText(/Only this text leaves end-to-end encryption/).waitFor();
    await expectAccessible(ana);
    await dialog.getByRole('button', { name: 'Create the item' }).click();
    await dialog.getByText('Choose a plan.').waitFor();
    await dialog.getByLabel('Plan').selectOption({ label: `${PLAN} (${GROUP}) · TLP:AMBER` });
    await dialog.getByText('Handling code of this plan: TLP:AMBER').waitFor();
    await dialog.getByLabel('Text for the item').fill('Check the school uniform lead of series VIDTF-26-014.');
    await dialog.getByLabel('Assignees').click();
    await ana.getByRole('option', { name: 'Ana Ionescu' }).click();
    await dialog.getByRole('button', { name: 'Create the item' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: /Action item \S+ created in “Victim Identification/ })
      .waitFor();
    await dialog.getByRole('link', { name: 'Open the item' }).click();
    const drawer = ana.getByRole('dialog', { name: /school uniform lead/ });
    await drawer.getByText('Check the school uniform lead of series VIDTF-26-014.').first().waitFor();
    await drawer.getByText('Made from a message in an encrypted thread.').waitFor();
    // Only the chosen text reached the server: the rest of the message did not.
    const stored = await api.app
      .get(DataSource)
      .query(`SELECT title, description, source_thread_id FROM action_item WHERE source_message_id IS NOT NULL`);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain('wall socket');

    // Tomasz sets up keys; when the chair next opens the group, his browser adds Tomasz to the
    // thread with its history, so Tomasz reads what was said before he joined.
    const tomasz = await signedIn(TOMASZ);
    await setUpKeys(tomasz);
    await openGroup(jurgen);
    await threadSection(jurgen)
      .getByText('Everyone in the group who has set up encryption is in the thread.')
      .waitFor({ timeout: 30_000 });
    await nav(tomasz).getByRole('link', { name: 'Threads' }).click();
    await tomasz.reload();
    await tomasz.getByRole('link', { name: new RegExp(`${GROUP}|Encrypted thread`) }).click();
    await messages(tomasz).filter({ hasText: 'school uniform lead' }).waitFor();

    // Removed from the group, Ana is removed from the thread too.
    const members = jurgen.getByRole('region', { name: 'Members' });
    await members.getByRole('button', { name: 'Remove Ana Ionescu from the group' }).click();
    await jurgen
      .getByRole('dialog', { name: 'Remove from the group?' })
      .getByRole('button', { name: 'Remove' })
      .click();
    await threadSection(jurgen)
      .getByText('Everyone in the group who has set up encryption is in the thread.')
      .waitFor({ timeout: 30_000 });
    await expectAccessible(jurgen);
    // A group created in a chair's browser gets its encrypted thread at once.
    await nav(tomasz).getByRole('link', { name: 'Working groups' }).click();
    await tomasz.getByRole('button', { name: 'New working group' }).click();
    const create = tomasz.getByRole('dialog', { name: 'New working group' });
    await create.getByLabel('Name').fill('Hotline cooperation');
    await create.getByRole('button', { name: 'Create working group' }).click();
    await tomasz.getByRole('heading', { level: 1, name: 'Hotline cooperation' }).waitFor();
    await threadSection(tomasz).getByRole('link', { name: "Open the group's thread" }).waitFor();
    await expectAccessible(tomasz);

    await ana.reload();
    await ana
      .getByText(/not a member|no longer|not found|does not exist/i)
      .first()
      .waitFor();
  }, 180_000);
});

import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ThreadsRealtime } from '@liaison/messaging';
import { expectAccessible, launchBrowser, submitSignIn } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// The demo seed's accounts (DEMO=true relaxes two-step verification for them).
const ANA = 'ana.ionescu@liaison.test';
const JURGEN = 'jurgen.mueller@liaison.test';

describe('encrypted threads in the browser', () => {
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

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    await submitSignIn(page, api.url, email);
    await page.waitForURL(/\/directory$/);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Threads' }).click();
    await page.waitForURL(/\/threads$/);
    return page;
  }

  /** Onboarding: create keys, write down the 24 words, prove it with three of them, no passphrase. */
  async function setUpKeys(page: Page, heading = 'Set up end-to-end encryption'): Promise<string[]> {
    await page.getByRole('heading', { name: heading }).waitFor();
    await page.getByRole('button', { name: 'Create my keys' }).click();
    await page.getByRole('list', { name: 'Recovery words' }).waitFor();
    const words = (await page.getByTestId('recovery-word').allTextContents()).map((w) => w.replace(/^\d+\.\s*/, ''));
    expect(words).toHaveLength(24);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'I have written them down' }).click();
    const asked = page.getByLabel(/^Word \d+$/);
    await asked.first().waitFor();
    const labels = await asked.evaluateAll((inputs) =>
      inputs.map((i) => (i as unknown as { labels: { textContent: string }[] }).labels[0].textContent),
    );
    // A wrong word is caught first.
    await asked.nth(0).fill('wrong');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('This is not the word at this position.').first().waitFor();
    for (const [i, label] of labels.entries()) {
      const n = Number(/\d+/.exec(label)![0]);
      await asked.nth(i).fill(words[n - 1]);
    }
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('button', { name: 'Finish setting up' }).click();
    await page.getByRole('button', { name: 'New thread' }).first().waitFor();
    return words;
  }

  const messages = (page: Page) => page.getByTestId('message');

  it('two people set up keys, talk in an encrypted thread live, verify safety numbers, and a new browser restores the history', async () => {
    const ana = await signedIn(ANA);
    await setUpKeys(ana);
    await expectAccessible(ana);
    const jurgen = await signedIn(JURGEN);
    const jurgenWords = await setUpKeys(jurgen);

    // Ana finds Jürgen in the directory and starts a thread from his entry.
    await ana.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Directory' }).click();
    await ana.getByRole('searchbox', { name: 'Search the directory' }).fill('Jurgen Muller');
    await ana.getByRole('link', { name: 'Jürgen Müller', exact: true }).first().click();
    await ana.getByRole('heading', { level: 1, name: 'Jürgen Müller' }).waitFor();
    await ana.getByRole('button', { name: 'Start encrypted thread' }).click();
    const dialog = ana.getByRole('dialog', { name: 'Start an encrypted thread' });
    await dialog.getByText(/^Jürgen Müller/).waitFor();
    await dialog.getByLabel('Subject').fill('Victim identification: Romania');
    await expectAccessible(ana);
    await dialog.getByRole('button', { name: 'Start thread' }).click();
    await ana.getByRole('heading', { level: 1, name: 'Victim identification: Romania' }).waitFor();
    await ana.getByRole('textbox', { name: 'Message' }).fill('Does the new contact in Bucharest speak French?');
    await ana.getByRole('button', { name: 'Send' }).click();
    await messages(ana).filter({ hasText: 'Does the new contact in Bucharest speak French?' }).waitFor();
    // Before its first message the browser proved its signing key for its connection.
    expect(api.app.get(ThreadsRealtime).stats).toEqual({ proven: 1, refused: 0 });
    await expectAccessible(ana);

    // Jürgen sees it in his list, unread, and opens it.
    await jurgen.getByRole('link', { name: /Victim identification: Romania|Encrypted thread/ }).waitFor();
    await jurgen.getByRole('link', { name: /Victim identification: Romania|Encrypted thread/ }).click();
    await jurgen.getByRole('heading', { level: 1, name: 'Victim identification: Romania' }).waitFor();
    await messages(jurgen).filter({ hasText: 'Does the new contact in Bucharest speak French?' }).waitFor();
    await jurgen.getByRole('textbox', { name: 'Message' }).fill('Oui, and German too.');
    await jurgen.getByRole('button', { name: 'Send' }).click();
    // Ana sees the answer live, without reloading.
    await messages(ana).filter({ hasText: 'Oui, and German too.' }).waitFor();
    expect(await messages(ana).count()).toBe(2);
    await expectAccessible(jurgen);

    // An encrypted attachment: Ana sends a file, Jürgen downloads and it decrypts to the same bytes.
    const report = 'Contact sheet, Bucharest unit: French and German spoken.\n'.repeat(200);
    await ana.locator('input[type=file]').setInputFiles({
      name: 'contact-sheet.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(report),
    });
    await ana
      .getByRole('list', { name: 'Files to send' })
      .getByText(/contact-sheet\.txt/)
      .waitFor();
    await ana.getByRole('textbox', { name: 'Message' }).fill('The contact sheet, as promised.');
    await ana.getByRole('button', { name: 'Send' }).click();
    const attachment = jurgen.getByRole('button', { name: /^contact-sheet\.txt/ });
    await attachment.waitFor();
    const [download] = await Promise.all([jurgen.waitForEvent('download'), attachment.click()]);
    expect(download.suggestedFilename()).toBe('contact-sheet.txt');
    const path = await download.path();
    expect(readFileSync(path, 'utf8')).toBe(report);

    // Safety numbers: Ana compares and marks Jürgen verified.
    await ana.getByRole('button', { name: '2 members' }).click();
    const drawer = ana.getByRole('dialog', { name: 'Members' });
    await drawer.getByRole('button', { name: 'Safety number' }).click();
    const safety = ana.getByRole('dialog', { name: 'Safety numbers with Jürgen Müller' });
    await safety.getByRole('group', { name: "Jürgen Müller's safety number" }).waitFor();
    expect(await safety.getByRole('group', { name: "Jürgen Müller's safety number" }).locator('code').count()).toBe(12);
    await expectAccessible(ana);
    await safety.getByRole('button', { name: 'The numbers match: mark as verified' }).click();
    await drawer.getByText('Verified').waitFor();
    // Ana makes Jürgen an admin of the thread too (a signed role event).
    await drawer.getByRole('button', { name: 'Make admin' }).click();
    await drawer.getByText('Admin', { exact: true }).nth(1).waitFor();
    expect(await drawer.getByRole('button', { name: 'Make admin' }).count()).toBe(0);
    // How long the thread keeps messages (admins choose).
    await drawer.getByLabel('Keep messages').selectOption({ label: '90 days' });
    await drawer.getByLabel('Keep messages').and(ana.locator('select:not([disabled])')).waitFor();
    await expect(drawer.getByLabel('Keep messages').inputValue()).resolves.toBe('90');

    // A new browser for Jürgen: restore from the 24 words, then read the history.
    const restored = await signedIn(JURGEN);
    await restored.getByRole('heading', { name: 'Restore your encryption keys' }).waitFor();
    await restored.getByRole('textbox', { name: 'Recovery words' }).fill(jurgenWords.slice(0, 23).join(' ') + ' zoo');
    await restored.getByRole('button', { name: 'Restore' }).click();
    await restored
      .getByRole('alert')
      .filter({ hasText: /not 24 valid recovery words|do not open/ })
      .waitFor();
    await restored.getByRole('textbox', { name: 'Recovery words' }).fill(jurgenWords.join(' '));
    await restored.getByRole('button', { name: 'Restore' }).click();
    await restored.getByRole('link', { name: /Victim identification: Romania|Encrypted thread/ }).click();
    await messages(restored).filter({ hasText: 'Does the new contact in Bucharest speak French?' }).waitFor();
    await messages(restored).filter({ hasText: 'Oui, and German too.' }).waitFor();
    await restored.getByRole('button', { name: /^contact-sheet\.txt/ }).waitFor();
    await expectAccessible(restored);
    anaPage = ana;
  });

  let anaPage: Page;

  it('after someone resets their keys, the others are stopped until they accept the new key, and then talk again', async () => {
    // Jürgen lost his words: a new browser, new keys.
    const jurgen = await signedIn(JURGEN);
    await jurgen.getByRole('heading', { name: 'Restore your encryption keys' }).waitFor();
    await jurgen.getByRole('button', { name: 'I lost them: set up new keys' }).click();
    await jurgen.getByText(/New keys cannot read what was sent to your old ones/).waitFor();
    await setUpKeys(jurgen, 'Set up new encryption keys');
    await jurgen.getByRole('link', { name: /Victim identification: Romania|Encrypted thread/ }).click();
    // What was sent to his old keys says why it cannot be read; he cannot send yet.
    await messages(jurgen).filter({ hasText: 'a key this browser does not have' }).first().waitFor();
    await jurgen.getByText(/You cannot send in this thread/).waitFor();

    // Ana's browser notices the change and pauses sending until she reviews it.
    const ana = anaPage;
    await ana.reload();
    await ana.getByRole('alert').filter({ hasText: 'Sending is paused: a key changed' }).waitFor();
    expect(await ana.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    await ana.getByRole('button', { name: 'Review Jürgen Müller' }).click();
    const review = ana.getByRole('dialog', { name: 'Safety numbers with Jürgen Müller' });
    await review.getByText("Jürgen Müller's key has changed").waitFor();
    await expectAccessible(ana);
    await review.getByRole('button', { name: 'Accept the new key' }).click();
    // Accepting rotates the thread's key, so Jürgen's new keys can read what follows.
    await ana.getByRole('textbox', { name: 'Message' }).fill('Welcome back, Jürgen.');
    await ana.getByRole('button', { name: 'Send' }).click();
    await messages(jurgen).filter({ hasText: 'Welcome back, Jürgen.' }).waitFor();
    await jurgen.getByRole('textbox', { name: 'Message' }).fill('Thanks, new keys work.');
    await jurgen.getByRole('button', { name: 'Send' }).click();
    await messages(ana).filter({ hasText: 'Thanks, new keys work.' }).waitFor();
  });
});

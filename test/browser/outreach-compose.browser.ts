import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, submitSignIn } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// The demo network (libs/outreach/src/demo): Sofia Lindqvist is the secretariat; Romania has five
// accounts, two of them in the police (Ana Ionescu and Răzvan Constantinescu).
const SECRETARIAT = 'secretariat@liaison.test';
const ANA = 'ana.ionescu@liaison.test';
const TITLE = 'Romanian police: new hash list format from 1 March';
// Two browsers and an accessibility check on every screen take their time on a busy machine.
const SLOW = 170_000;

describe('announcements in the browser: compose, publish, receive live, acknowledge', () => {
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
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Bucharest' });
    contexts.push(context);
    const page = await context.newPage();
    await submitSignIn(page, api.url, email);
    await page.waitForURL(/\/directory$/);
    return page;
  }

  const visible = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });
  /** The header's inbox count (announcements and notifications), as its data says. */
  const inboxCount = async (page: Page) => Number(await page.getByTestId('inbox-button').getAttribute('data-count'));
  /** Waits, without reloading, until `read` satisfies `check`. */
  async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
    let last: T | undefined;
    for (let tries = 0; tries < 150; tries++) {
      last = await read();
      if (check(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what}: still ${String(last)}`);
  }
  const audienceCount = (page: Page) => page.getByTestId('audience-count').getAttribute('data-count');
  const countIs = (page: Page, expected: number) =>
    until(
      () => audienceCount(page),
      (value) => value === String(expected),
      `the audience count is not ${expected}`,
    );

  it(
    'the secretariat composes with a live audience count and publishes; the recipient sees it arrive and acknowledges; the statistics follow live',
    async () => {
      // Ana is already signed in and looking at the directory.
      const ana = await signedIn(ANA);
      await visible(ana.locator('[data-testid="inbox-button"][data-loaded="true"]'));
      const before = await until(
        () => inboxCount(ana),
        (n) => !Number.isNaN(n),
        'the inbox count',
      );

      const sofia = await signedIn(SECRETARIAT);
      await nav(sofia).getByRole('link', { name: 'Announcements' }).click();
      await sofia.getByRole('heading', { level: 1, name: 'Announcements' }).waitFor();
      await visible(sofia.getByRole('link', { name: /^WeProtect Global Alliance summit/ }));
      await expectAccessible(sofia);
      await sofia.getByRole('link', { name: 'New announcement' }).click();
      await sofia.getByRole('heading', { level: 1, name: 'New announcement' }).waitFor();

      // A group without conditions reaches nobody: "everyone" has to be said.
      const group = sofia.getByRole('group', { name: 'Group 1' });
      await visible(group.getByTestId('audience-empty-group'));
      expect(await group.getByTestId('audience-empty-group').textContent()).toContain(
        'choose "Everyone in the network" explicitly',
      );
      await sofia.getByText('Complete or remove the empty groups to see who receives it.').waitFor();
      await expectAccessible(sofia);

      await sofia.getByRole('textbox', { name: 'Title', exact: true }).fill(TITLE);
      await sofia
        .getByLabel('Text', { exact: true })
        .fill(
          'From **1 March**, hash lists are exchanged in the new format.\n\n- Check your tools\n- Tell the secretariat',
        );
      await visible(sofia.getByTestId('body-preview').locator('strong', { hasText: '1 March' }));

      // Countries: Romania → five recipients.
      await group.getByRole('button', { name: 'Add a condition' }).click();
      await sofia.getByRole('menuitem', { name: 'Countries' }).click();
      await group.getByRole('combobox', { name: 'Countries' }).fill('Roman');
      await sofia.getByRole('option', { name: 'Romania' }).click();
      await group.getByRole('combobox', { name: 'Countries' }).press('Escape');
      await countIs(sofia, 5);
      // …and law enforcement only → two.
      await group.getByRole('button', { name: 'Add a condition' }).click();
      await sofia.getByRole('menuitem', { name: 'Kinds of organisation' }).click();
      await group.getByRole('combobox', { name: 'Kinds of organisation' }).click();
      await sofia.getByRole('option', { name: 'Law enforcement' }).click();
      await group.getByRole('combobox', { name: 'Kinds of organisation' }).press('Escape');
      await countIs(sofia, 2);
      await visible(sofia.getByTestId('audience-preview').getByText(/Ana Ionescu/));

      // An exclusion: Răzvan by name → Ana alone.
      await sofia.getByRole('button', { name: 'Add an exclusion' }).click();
      const exclusion = sofia.getByRole('group', { name: 'Exclusion 1' });
      await visible(exclusion.getByTestId('audience-empty-group'));
      await exclusion.getByRole('button', { name: 'Add a condition' }).click();
      await sofia.getByRole('menuitem', { name: 'Named people' }).click();
      await exclusion.getByRole('combobox', { name: 'Named people' }).fill('Răzvan');
      await sofia.getByRole('option', { name: /^Răzvan Constantinescu/ }).click();
      await exclusion.getByRole('combobox', { name: 'Named people' }).press('Escape');
      await countIs(sofia, 1);

      // Excluding Romania as well leaves nobody, and the preview says so.
      await sofia.getByRole('button', { name: 'Add an exclusion' }).click();
      const second = sofia.getByRole('group', { name: 'Exclusion 2' });
      await second.getByRole('button', { name: 'Add a condition' }).click();
      await sofia.getByRole('menuitem', { name: 'Countries' }).click();
      await second.getByRole('combobox', { name: 'Countries' }).fill('Roman');
      await sofia.getByRole('option', { name: 'Romania' }).click();
      await second.getByRole('combobox', { name: 'Countries' }).press('Escape');
      await countIs(sofia, 0);
      await visible(sofia.getByTestId('audience-warning'));
      expect(await sofia.getByTestId('audience-warning').textContent()).toContain('Nobody matches this audience');
      await expectAccessible(sofia);
      await second.getByRole('button', { name: 'Remove exclusion 2' }).click();
      await countIs(sofia, 1);

      await sofia.getByRole('switch', { name: 'Ask recipients to acknowledge' }).focus();
      await sofia.keyboard.press('Space');
      await sofia.getByRole('switch', { name: 'Ask recipients to acknowledge', checked: true }).waitFor();

      // An event whose online link is not an address: the server's reason appears at that field,
      // and nothing typed is lost.
      const withEvent = sofia.getByRole('switch', { name: 'Invite to an event' });
      await withEvent.focus();
      await sofia.keyboard.press('Space');
      await sofia.getByLabel('Starts').fill('2027-03-01T09:00');
      await sofia.getByLabel('Ends').fill('2027-03-01T11:00');
      await sofia.getByRole('textbox', { name: 'Online link' }).fill('meeting room 4');
      await sofia.getByRole('button', { name: 'Save draft' }).click();
      await visible(sofia.getByText('must be an http(s) address'));
      expect(await sofia.getByRole('textbox', { name: 'Online link' }).getAttribute('aria-invalid')).toBe('true');
      await visible(sofia.getByRole('alert').filter({ hasText: 'It was not saved: 1 field needs attention' }));
      expect(await sofia.getByRole('textbox', { name: 'Title', exact: true }).inputValue()).toBe(TITLE);
      await expectAccessible(sofia);
      await withEvent.focus();
      await sofia.keyboard.press('Space');
      await sofia.getByRole('switch', { name: 'Invite to an event', checked: false }).waitFor();
      await sofia.getByRole('button', { name: 'Save draft' }).click();
      await sofia.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await visible(sofia.getByTestId('announcement-state').getByText(/^Draft/));
      await visible(
        sofia.getByTestId('audience-summary').getByText('Named people: Răzvan Constantinescu', { exact: false }),
      );
      await expectAccessible(sofia);

      // Publish now: the dialog counts the recipients first.
      await sofia.getByRole('button', { name: 'Publish…' }).click();
      const dialog = sofia.getByRole('dialog', { name: 'Publish the announcement' });
      await visible(dialog.getByText('It reaches 1 person now.'));
      await expectAccessible(sofia);
      await dialog.getByRole('button', { name: 'Publish now' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await visible(sofia.getByText('Published. Recipients see it now; e-mails are on their way.'));
      await visible(sofia.getByTestId('stats'));
      const acknowledged = sofia.getByTestId('stat-acknowledged').locator('dd');
      await until(
        () => acknowledged.textContent(),
        (text) => text === '0',
        'acknowledged',
      );

      // Ana's inbox rises without a reload.
      await until(
        () => inboxCount(ana),
        (n) => n === before + 1,
        'Ana’s inbox count',
      );
      expect(await ana.getByTestId('inbox-button').getAttribute('aria-label')).toBe(`Inbox, ${before + 1} unread`);
      await ana.getByTestId('inbox-button').click();
      await ana.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
      const entry = ana.getByTestId('inbox-entry').filter({ hasText: TITLE });
      await visible(entry);
      expect(await entry.getAttribute('data-unread')).toBe('true');
      expect(await entry.textContent()).toContain('Please acknowledge');
      await expectAccessible(ana);
      await entry.getByRole('link', { name: TITLE }).click();
      await ana.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await visible(ana.getByText('1 March', { exact: true }));
      // Opening it reads it: the count goes down, and the secretariat's figures follow.
      await until(
        () => inboxCount(ana),
        (n) => n === before,
        'Ana’s inbox count after reading',
      );
      await until(
        () => sofia.getByTestId('stat-read').locator('dd').textContent(),
        (text) => text === '1',
        'read by the secretariat',
      );
      await expectAccessible(ana);
      await ana.getByRole('button', { name: 'I have taken note' }).click();
      await visible(ana.getByText(/^You confirmed that you have taken note on /));
      await until(
        () => acknowledged.textContent(),
        (text) => text === '1',
        'acknowledged by the secretariat',
      );
      await visible(sofia.getByTestId('recipients').getByText('Ana Ionescu'));
      await expectAccessible(sofia);
    },
    SLOW,
  );

  it(
    'the secretariat deletes a draft after confirming, and it is gone from the list',
    async () => {
      const sofia = await signedIn(SECRETARIAT);
      await nav(sofia).getByRole('link', { name: 'Announcements' }).click();
      const draft = sofia.getByRole('link', { name: /^Call for contributions/ });
      await visible(draft);
      await draft.click();
      await sofia.getByRole('heading', { level: 1, name: /^Call for contributions/ }).waitFor();
      await sofia.getByRole('button', { name: 'Delete draft…' }).click();
      const dialog = sofia.getByRole('dialog', { name: 'Delete this draft?' });
      await visible(dialog.getByText(/has not been sent to anyone/));
      await expectAccessible(sofia);
      await dialog.getByRole('button', { name: 'Delete draft' }).click();
      await sofia.waitForURL(/\/announcements$/);
      await visible(sofia.getByRole('link', { name: /^WeProtect Global Alliance summit/ }));
      await sofia.getByRole('link', { name: /^Call for contributions/ }).waitFor({ state: 'detached', timeout: 2_000 });
    },
    SLOW,
  );
});

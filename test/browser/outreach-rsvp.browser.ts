import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@liaison/demo';
import { expectAccessible, launchBrowser, submitSignIn } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// The demo summit (libs/outreach/src/demo): two seats per country; Poland and Denmark hold theirs,
// Austria's three recipients have not answered.
const SECRETARIAT = 'secretariat@liaison.test';
const SUMMIT = /^WeProtect Global Alliance summit, Addis Ababa/;
const SLOW = 170_000;

describe('answering an invitation in the browser: delegations, seats and the attendee list', () => {
  let api: TestApi;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let austrians: string[];

  beforeAll(async () => {
    api = await startTestApi({ DEMO: 'true' });
    browser = await launchBrowser();
    // Whom the summit reached in Austria, as the secretariat sees it.
    const login = await api.json('POST', '/api/v1/auth/login', { email: SECRETARIAT, password: DEMO_PASSWORD });
    const auth = { authorization: `Bearer ${login.body.accessToken}` };
    const list = await api.json('GET', '/api/v1/announcements?status=published', undefined, auth);
    const summit = list.body.items.find((a: { title: string }) => SUMMIT.test(a.title));
    const recipients = await api.json(
      'GET',
      `/api/v1/announcements/${summit.id}/recipients?country=AT`,
      undefined,
      auth,
    );
    austrians = recipients.body.items
      .filter((r: { rsvp: string | null }) => r.rsvp === null)
      .map((r: { email: string }) => r.email);
    expect(austrians.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await api?.close();
  });

  async function signedIn(email: string): Promise<Page> {
    // A reader in Vienna: the summit's times are shown in Addis Ababa's zone and in hers.
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Vienna', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    await submitSignIn(page, api.url, email);
    await page.waitForURL(/\/directory$/);
    return page;
  }

  const visible = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });
  async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
    let last: T | undefined;
    for (let tries = 0; tries < 150; tries++) {
      last = await read();
      if (check(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what}: still ${String(last)}`);
  }
  async function openSummit(page: Page, check = false): Promise<void> {
    await nav(page).getByRole('link', { name: 'Announcements' }).click();
    await page.getByRole('heading', { level: 1, name: 'Announcements' }).waitFor();
    await visible(page.getByRole('link', { name: SUMMIT }));
    if (check) await expectAccessible(page);
    await page.getByRole('link', { name: SUMMIT }).click();
    await page.getByRole('heading', { level: 1, name: SUMMIT }).waitFor();
  }
  const delegate = (page: Page, n: number) => page.getByRole('group', { name: `Delegate ${n}` });

  let sofia: Page;

  it(
    'an invitee answers with a delegation; a second of the same country is refused over the seat limit, at the delegation, keeping what was typed',
    async () => {
      // The secretariat follows the summit while the answers come in.
      sofia = await signedIn(SECRETARIAT);
      await openSummit(sofia);
      const accepted = sofia.getByTestId('stat-accepted').locator('dd');
      const before = Number(
        await until(
          () => accepted.textContent(),
          (text) => /^\d+$/.test(text ?? ''),
          'accepted',
        ),
      );
      // Answers by country, with the seats each country holds, and the recipients table.
      await visible(sofia.getByTestId('stats-country').locator('tr[data-key="DK"]'));
      await visible(sofia.getByTestId('recipients'));
      await expectAccessible(sofia);

      const first = await signedIn(austrians[0]!);
      await openSummit(first, true);
      await visible(first.getByTestId('event-when'));
      expect(await first.getByTestId('event-when').textContent()).toContain('Africa/Addis Ababa time');
      await visible(first.getByTestId('event-when-reader'));
      expect(await first.getByTestId('event-when-reader').textContent()).toContain('Europe/Vienna');
      await first.getByRole('radio', { name: 'Yes, we will attend' }).check();
      await visible(first.getByTestId('delegation-seats'));
      expect(await first.getByTestId('delegation-seats').textContent()).toBe(
        'Each country has 2 seats. Others from Austria have already named 0 of them, so you can name up to 2.',
      );
      await expectAccessible(first);
      await delegate(first, 1).getByRole('textbox', { name: 'Name' }).fill('Katharina Steiner');
      await delegate(first, 1).getByRole('combobox', { name: 'Level' }).selectOption({ label: 'Ministerial' });
      await first.getByRole('button', { name: 'Add a delegate' }).click();
      await delegate(first, 2).getByRole('textbox', { name: 'Name' }).fill('Florian Huber');
      await delegate(first, 2).getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Delegate' });
      await delegate(first, 2).getByRole('combobox', { name: 'Level' }).selectOption({ label: 'Expert' });
      await first.getByRole('textbox', { name: 'Nominating authority' }).fill('Bundesministerium für Justiz');
      await first.getByRole('textbox', { name: 'Dietary needs' }).fill('One vegetarian meal');
      await first.getByRole('button', { name: 'Send answer' }).click();
      await visible(first.getByText('Your answer was saved. The secretariat sees it now.'));
      await expectAccessible(first);
      // The secretariat's figures follow without a reload.
      await until(
        () => accepted.textContent(),
        (text) => Number(text) === before + 1,
        'accepted after the answer',
      );

      // A colleague from Austria finds both seats taken, tries anyway and is told why at the delegation.
      const second = await signedIn(austrians[1]!);
      await openSummit(second);
      await second.getByRole('radio', { name: 'Yes, we will attend' }).check();
      await visible(second.getByTestId('delegation-seats'));
      expect(await second.getByTestId('delegation-seats').textContent()).toBe(
        'Each country has 2 seats. Others from Austria have already named 2 of them, so you can name up to 0.',
      );
      await delegate(second, 1).getByRole('textbox', { name: 'Name' }).fill('Markus Berger');
      await second.getByRole('textbox', { name: 'Accessibility needs' }).fill('Wheelchair access');
      await second.getByRole('button', { name: 'Send answer' }).click();
      const refusal = second.getByTestId('delegation').getByTestId('delegation-error');
      await visible(refusal);
      expect(await refusal.textContent()).toContain('you can name at most 0 more');
      expect(await second.getByTestId('delegation').getAttribute('aria-invalid')).toBe('true');
      await visible(second.getByRole('alert').filter({ hasText: 'Your answer was not saved' }));
      // Nothing typed is lost.
      expect(await delegate(second, 1).getByRole('textbox', { name: 'Name' }).inputValue()).toBe('Markus Berger');
      expect(await second.getByRole('textbox', { name: 'Accessibility needs' }).inputValue()).toBe('Wheelchair access');
      await expectAccessible(second);
    },
    SLOW,
  );

  it(
    'the secretariat opens the attendee list by country and downloads the delegation list as CSV',
    async () => {
      await sofia.getByRole('link', { name: 'Attendee list' }).click();
      await sofia.getByRole('heading', { level: 1, name: 'Attendees: WeProtect Global Alliance summit' }).waitFor();
      const austria = sofia.getByTestId('attendees-by-country').locator('tr[data-key="AT"]');
      await visible(austria);
      expect(await austria.textContent()).toContain('2 of 2');
      const poland = sofia.getByTestId('attendees-by-country').locator('tr[data-key="PL"]');
      expect(await poland.textContent()).toContain('2 of 2');
      const answer = sofia.getByTestId('attendees').locator('tr[data-country="AT"]');
      await visible(answer);
      expect(await answer.textContent()).toContain('Florian Huber — Delegate, Expert');
      expect(await answer.textContent()).toContain('Nominated by Bundesministerium für Justiz');
      await expectAccessible(sofia);

      const [download] = await Promise.all([
        sofia.waitForEvent('download'),
        sofia.getByRole('button', { name: 'Download the delegation list (CSV)' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^event-[0-9a-f]{8}-attendees\.csv$/);
      const lines = readFileSync(await download.path(), 'utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/);
      expect(lines[0]).toMatch(
        /^country,country_name,organisation,answered_by,response,delegate,delegate_role,delegate_level,/,
      );
      const austrian = lines.filter((line) => line.startsWith('AT,'));
      expect(austrian).toHaveLength(2);
      expect(austrian.join('\n')).toContain('Katharina Steiner,head_of_delegation,ministerial');
      expect(austrian.join('\n')).toContain('Florian Huber,delegate,expert');
      expect(austrian.join('\n')).toContain('One vegetarian meal');
      expect(lines.some((line) => line.startsWith('PL,') && line.includes('Katarzyna Wiśniewska'))).toBe(true);
    },
    SLOW,
  );

  it(
    'the secretariat reminds the invitees who have not answered, and the recipients table says when',
    async () => {
      await openSummit(sofia);
      const remind = sofia.getByRole('button', { name: /^Remind the \d+ silent recipients$/ });
      await visible(remind);
      const silent = Number(/(\d+)/.exec((await remind.textContent()) ?? '')?.[1]);
      expect(silent).toBeGreaterThan(10);
      await remind.click();
      const dialog = sofia.getByRole('dialog', { name: 'Send a reminder?' });
      await visible(dialog.getByText(`${silent} invitees have not answered yet.`, { exact: false }));
      await expectAccessible(sofia);
      await dialog.getByRole('button', { name: 'Send reminder' }).click();
      await visible(sofia.getByRole('status').filter({ hasText: `${silent} recipients were reminded.` }));
      await visible(
        sofia
          .getByTestId('recipients')
          .getByText(/^Reminded /)
          .first(),
      );
      // A second click a moment later reminds nobody twice.
      await remind.click();
      await dialog.getByRole('button', { name: 'Send reminder' }).click();
      await visible(sofia.getByRole('status').filter({ hasText: 'Nobody needed a reminder' }));
      await expectAccessible(sofia);
    },
    SLOW,
  );
});

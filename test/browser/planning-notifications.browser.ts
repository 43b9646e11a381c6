import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { RemindersService } from '@liaison/planning';
import { expectAccessible, launchBrowser, submitSignIn } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// The demo seed (libs/planning/src/demo): Ana is a member of the Victim Identification Taskforce
// group; item 1.3 of its plan is hers, due in 14 days; 1.2 (hers too) depends on 1.1.
const ANA = 'ana.ionescu@liaison.test';
const PLAN = 'Victim Identification Taskforce follow-up 2026';
const ITEM = 'Request subscriber data from the hosting provider';
const SLOW = 180_000;

describe('notifications, calendars and the timeline in the browser', () => {
  let api: TestApi;
  let browser: Browser;
  let context: BrowserContext;
  let ana: Page;

  beforeAll(async () => {
    api = await startTestApi({ DEMO: 'true' });
    browser = await launchBrowser();
    // A browser in Bucharest: the settings start from its time zone.
    context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Bucharest', acceptDownloads: true });
    ana = await context.newPage();
    await submitSignIn(ana, api.url, ANA);
    await ana.waitForURL(/\/directory$/);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await api?.close();
  });

  const bell = (page: Page) => page.getByTestId('notification-bell');
  const unread = async (page: Page) => {
    const label = (await bell(page).getAttribute('aria-label')) ?? '';
    return Number(/, (\d+) unread$/.exec(label)?.[1] ?? 0);
  };
  /** Waits until the bell's count satisfies `check`, without reloading the page. */
  const bellCount = async (page: Page, check: (count: number) => boolean) => {
    for (let tries = 0; tries < 100; tries++) {
      const count = await unread(page);
      if (check(count)) return count;
      await page.waitForTimeout(100);
    }
    throw new Error(`the bell says "${await bell(page).getAttribute('aria-label')}"`);
  };
  const visible = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 10_000 });

  it(
    'settings refuse bad input, then save; a reminder scan raises the bell live; a notification leads to the item',
    async () => {
      await visible(bell(ana));
      const before = await bellCount(ana, () => true);

      // Account menu → Notification settings.
      await ana.getByRole('button', { name: /^Account menu for/ }).click();
      await ana.getByRole('menuitem', { name: 'Notification settings' }).click();
      await ana.waitForURL(/\/settings\/notifications$/);
      await ana.getByRole('heading', { level: 1, name: 'Notification settings' }).waitFor();
      expect(await ana.getByLabel('Time zone').inputValue()).toBe('Europe/Bucharest');
      expect(await ana.getByRole('checkbox', { name: '7 days before' }).isChecked()).toBe(true);
      expect(await ana.getByRole('checkbox', { name: '1 day before' }).isChecked()).toBe(true);
      await ana.getByText('You have no calendar addresses.').waitFor();
      await expectAccessible(ana);

      // Quiet hours with a start and no end: the server refuses, the field says why.
      await ana.getByLabel('Quiet hours start').selectOption({ label: '22:00' });
      await ana.getByRole('button', { name: 'Save settings' }).click();
      await ana.getByRole('alert').filter({ hasText: 'Some settings could not be saved' }).waitFor();
      await ana.getByText('Choose both the start and the end of the quiet hours, or neither.').waitFor();
      expect(await ana.getByLabel('Quiet hours end').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(ana);

      // No quiet hours; reminders 14 and 7 days before; no digest, no e-mail.
      await ana.getByLabel('Quiet hours start').selectOption({ label: 'No quiet hours' });
      await ana.locator('label', { hasText: /^14 days before$/ }).click();
      await ana.locator('label', { hasText: /^1 day before$/ }).click();
      expect(await ana.getByRole('checkbox', { name: '14 days before' }).isChecked()).toBe(true);
      expect(await ana.getByRole('checkbox', { name: '1 day before' }).isChecked()).toBe(false);
      await ana.getByRole('radio', { name: 'None' }).check();
      // Switches from the keyboard.
      await ana.getByRole('switch', { name: 'Also send by e-mail' }).focus();
      await ana.keyboard.press('Space');
      expect(await ana.getByRole('switch', { name: 'Also send by e-mail' }).isChecked()).toBe(false);
      await ana.getByRole('button', { name: 'Save settings' }).click();
      await ana.getByText('Your notification settings were saved.').waitFor();
      await expectAccessible(ana);

      // The hourly scan runs now: the bell rises without a reload.
      const scanned = await api.app.get(RemindersService).scan(new Date());
      expect(scanned.dueSoon).toBeGreaterThan(0);
      await bellCount(ana, (count) => count > before);

      // The list: the reminder for 1.3, unread, leads to the item's drawer and is read then.
      await bell(ana).click();
      await ana.waitForURL(/\/notifications$/);
      await ana.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
      // The list, read afresh, and the bell agree (every notice of the scan has arrived by now).
      const counted = ana.getByText(/^\d+ unread$/);
      await visible(counted);
      const raised = Number(/^(\d+)/.exec((await counted.textContent()) ?? '')?.[1]);
      await bellCount(ana, (count) => count === raised);
      const notice = ana
        .getByTestId('notification')
        .filter({ hasText: `1.3 ${ITEM}` })
        .first();
      await visible(notice);
      expect(await notice.getAttribute('data-unread')).toBe('true');
      expect(await notice.textContent()).toContain('Unread:');
      await expectAccessible(ana);
      await notice.getByRole('link', { name: new RegExp(`^Due in \\d+ days: \\[TLP:AMBER\\] 1\\.3 ${ITEM}$`) }).click();
      await ana.waitForURL(/\/plans\/[^/?]+\?item=/);
      await ana.getByRole('dialog', { name: `1.3 · ${ITEM}` }).waitFor();
      await bellCount(ana, (count) => count === raised - 1);
      await expectAccessible(ana);
      await ana
        .getByRole('dialog', { name: `1.3 · ${ITEM}` })
        .getByRole('button', { name: 'Close' })
        .click();
      await ana.waitForURL((url) => !url.searchParams.has('item'));

      // Mute the plan: it stays muted after a reload.
      const mute = ana.getByRole('switch', { name: 'Mute reminders' });
      expect(await mute.isChecked()).toBe(false);
      await mute.focus();
      await ana.keyboard.press('Space');
      await ana.getByRole('switch', { name: 'Mute reminders', checked: true }).waitFor();
      await ana.getByRole('switch', { name: 'Mute reminders', disabled: false }).waitFor();
      await ana.reload();
      await ana.getByRole('heading', { level: 1, name: PLAN }).waitFor();
      await visible(mute);
      expect(await mute.isChecked()).toBe(true);

      // Back to the list: "Mark all read" empties the bell.
      await bell(ana).click();
      await ana.getByRole('button', { name: 'Mark all read' }).click();
      await ana.getByText('0 unread').waitFor();
      await bellCount(ana, (count) => count === 0);
      expect(await bell(ana).getAttribute('aria-label')).toBe('Notifications');
      await expectAccessible(ana);
    },
    SLOW,
  );

  it(
    'exports the plan as CSV, hands out calendar addresses and revokes one in the settings',
    async () => {
      await ana.getByRole('link', { name: 'Plans' }).click();
      await ana.getByRole('link', { name: PLAN }).click();
      await ana.getByRole('heading', { level: 1, name: PLAN }).waitFor();

      // CSV through the Export menu: the handling code comes first.
      await ana.getByRole('button', { name: 'Export' }).click();
      await expectAccessible(ana);
      const [download] = await Promise.all([
        ana.waitForEvent('download'),
        ana.getByRole('menuitem', { name: 'CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8');
      expect(csv.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toMatch(/^TLP:AMBER,/);

      // A secret address for the plan, shown once with a warning.
      await ana.getByRole('button', { name: 'Export' }).click();
      await ana.getByRole('menuitem', { name: 'Subscribe in a calendar app' }).click();
      const dialog = ana.getByRole('dialog', { name: 'Subscribe in a calendar app' });
      await dialog.getByText('Anyone with the address can read these due dates').waitFor();
      await dialog.getByRole('button', { name: 'Create address' }).click();
      const address = dialog.getByRole('textbox', { name: 'Calendar address' });
      await visible(address);
      const url = await address.inputValue();
      expect(url).toMatch(/\/api\/v1\/calendar-feeds\/[A-Za-z0-9_-]{43}\.ics$/);
      await dialog.getByRole('button', { name: /^Cop(y|ied)$/ }).waitFor();
      await expectAccessible(ana);
      const feedPath = new URL(url).pathname;
      expect((await api.fetch(feedPath)).status).toBe(200);
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.waitFor({ state: 'hidden' });

      // One for her own items too, from My items.
      await ana.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My items' }).click();
      await ana.getByRole('heading', { level: 1, name: 'My items' }).waitFor();
      await ana.getByRole('button', { name: 'Subscribe in a calendar app' }).click();
      const mine = ana.getByRole('dialog', { name: 'Subscribe in a calendar app' });
      await mine.getByRole('button', { name: 'Create address' }).click();
      await visible(mine.getByRole('textbox', { name: 'Calendar address' }));
      await expectAccessible(ana);
      // The dialog's link leads to the settings, where both are listed.
      await mine.getByRole('link', { name: 'notification settings' }).click();
      await ana.waitForURL(/\/settings\/notifications$/);
      const feeds = ana.getByTestId('calendar-feed');
      await visible(feeds.filter({ hasText: PLAN }));
      await visible(feeds.filter({ hasText: 'My items' }));
      // The plan's address was fetched once above; the other never was.
      expect(await feeds.filter({ hasText: PLAN }).textContent()).not.toContain('Never');
      expect(await feeds.filter({ hasText: 'My items' }).textContent()).toContain('Never');
      await expectAccessible(ana);

      // Revoking asks first; the address stops working.
      await feeds
        .filter({ hasText: PLAN })
        .getByRole('button', { name: new RegExp(`^Revoke the address for ${PLAN}`) })
        .click();
      const confirm = ana.getByRole('dialog', { name: 'Revoke this calendar address?' });
      await confirm.waitFor();
      await expectAccessible(ana);
      await confirm.getByRole('button', { name: 'Revoke' }).click();
      await confirm.waitFor({ state: 'hidden' });
      await feeds.filter({ hasText: PLAN }).waitFor({ state: 'detached' });
      expect(await feeds.count()).toBe(1);
      expect((await api.fetch(feedPath)).status).toBe(404);
    },
    SLOW,
  );

  it(
    'shows the plan as a timeline whose bars open items from the keyboard',
    async () => {
      await ana.getByRole('link', { name: 'Plans' }).click();
      await ana.getByRole('link', { name: PLAN }).click();
      await ana.getByRole('heading', { level: 1, name: PLAN }).waitFor();
      await ana.getByRole('tab', { name: 'Timeline' }).click();
      await ana.waitForURL(/view=timeline/);
      const first = ana.getByRole('button', { name: /^1\.1 Upload taskforce series to ICSE, .+ to .+, Done$/ });
      await visible(first);
      // Dependencies: named on the bar and drawn as arrows (1.1 → 1.2, 1.2 → 1.3, 1.2 and 1.4 → 2.1).
      const second = ana.getByRole('button', {
        name: /^1\.2 Check Romanian school uniform lead, .+ to .+, In progress, after 1\.1$/,
      });
      await visible(second);
      await visible(ana.getByRole('button', { name: /^1\.4 Polish background noise analysis, .+, overdue$/ }));
      await visible(
        ana.getByRole('button', { name: /^2\.1 Share identification results with Europol, due .+, after 1\.2, 1\.4$/ }),
      );
      expect(await ana.getByTestId('timeline-arrow').count()).toBe(4);
      // The same as a table for screen readers.
      await ana
        .getByRole('table', { name: 'Items with their dates, status and dependencies' })
        .waitFor({ state: 'attached' });
      await expectAccessible(ana);

      // Keyboard only: from the first bar, Tab to the next, Enter opens its drawer.
      await first.focus();
      await ana.keyboard.press('Tab');
      expect(await ana.locator(':focus').getAttribute('aria-label')).toMatch(
        /^1\.2 Check Romanian school uniform lead, /,
      );
      await ana.keyboard.press('Enter');
      await ana.waitForURL(/view=timeline.*item=|item=.*view=timeline/);
      await ana.getByRole('dialog', { name: '1.2 · Check Romanian school uniform lead' }).waitFor();
      await expectAccessible(ana);
    },
    SLOW,
  );
});

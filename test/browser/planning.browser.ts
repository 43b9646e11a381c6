import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, submitSignIn } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// The demo seed (libs/planning/src/demo): Jürgen chairs "Victim Identification Taskforce
// liaison", Ana is a member of it.
const JURGEN = 'jurgen.mueller@liaison.test';
const ANA = 'ana.ionescu@liaison.test';
const GROUP = 'Victim Identification Taskforce liaison';
const PLAN = 'Victim Identification Taskforce follow-up 2026';

const TITLE = 'Ask the hosting provider about the Bucharest upload';
const REFERENCE = '9.1';
// Two browsers and an accessibility check on every screen take their time on a busy machine.
const SLOW = 180_000;

describe('working groups and action plans in the browser', () => {
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
    return page;
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });
  const column = (page: Page, status: string) => page.getByTestId(`board-column-${status}`);
  const card = (page: Page, status: string) =>
    column(page, status).getByTestId('board-card').filter({ hasText: TITLE });

  /**
   * Picks a column in the card's "Move to" menu. A live refresh of the board that lands while the
   * menu is open (the echo of a change, late on a loaded machine) re-renders the card and closes
   * the menu; then the menu is opened again, at most three times.
   */
  const moveTo = async (page: Page, target: string) => {
    for (let attempt = 1; ; attempt++) {
      await page.getByRole('button', { name: `Move to… (${REFERENCE})` }).click();
      try {
        await page.getByRole('menuitem', { name: target }).click({ timeout: 5_000 });
        return;
      } catch (err) {
        if (attempt === 3) throw err;
        await page.keyboard.press('Escape');
      }
    }
  };

  /** Waits until a locator is attached, for checks that must not pass by accident. */
  const visible = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 10_000 });

  // The two steps share the chair's and the member's browsers (one story, told in two parts).
  let jurgen: Page;
  let ana: Page;

  it(
    'a chair adds an item and moves it on the board, and a member of the group sees every change live',
    async () => {
      // Jürgen, the chair: Working groups → the group → the plan.
      jurgen = await signedIn(JURGEN);
      await nav(jurgen).getByRole('link', { name: 'Working groups' }).click();
      await jurgen.getByRole('heading', { level: 1, name: 'Working groups' }).waitFor();
      await jurgen.getByRole('link', { name: new RegExp(GROUP) }).waitFor();
      await expectAccessible(jurgen);
      await jurgen.getByRole('link', { name: new RegExp(GROUP) }).click();
      await jurgen.getByRole('heading', { level: 1, name: GROUP }).waitFor();
      // The members table, with the chair's controls.
      await jurgen.getByRole('combobox', { name: 'Role of Ana Ionescu' }).waitFor();
      await jurgen.getByRole('button', { name: 'New plan' }).waitFor();
      await expectAccessible(jurgen);
      await jurgen.getByRole('link', { name: PLAN }).click();
      await jurgen.getByRole('heading', { level: 1, name: PLAN }).waitFor();
      await jurgen.getByText('TLP:AMBER').first().waitFor();
      await visible(column(jurgen, 'in_progress').getByTestId('board-card').first());
      await expectAccessible(jurgen);
      const planUrl = jurgen.url();

      // Ana, a member of the group, opens the same plan in her own browser.
      ana = await signedIn(ANA);
      await ana.goto(planUrl);
      await ana.getByRole('heading', { level: 1, name: PLAN }).waitFor();
      await visible(column(ana, 'in_progress').getByTestId('board-card').first());

      // Jürgen adds an item assigned to Ana, led by the Polish police, due in three weeks.
      await jurgen.getByRole('button', { name: 'New item' }).click();
      const dialog = jurgen.getByRole('dialog', { name: `New item in ${PLAN}` });
      await dialog.waitFor();
      await dialog.getByLabel('Reference').fill(REFERENCE);
      await dialog.getByRole('textbox', { name: 'Title' }).fill(TITLE);
      await dialog.getByLabel('Description').fill('Ask for the **subscriber data** of the upload account.');
      const organisation = dialog.getByLabel(/^Lead organisation/);
      await organisation.fill('komenda');
      await jurgen.getByRole('option', { name: /^Komenda Główna Policji \(KGP\) · Poland$/ }).click();
      await dialog.getByLabel('Assignees').click();
      await jurgen.getByRole('option', { name: /^Ana Ionescu/ }).click();
      await dialog.getByLabel('Assignees').press('Escape');
      const due = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
      await dialog.getByLabel('Due').fill(due);
      await expectAccessible(jurgen);
      await dialog.getByRole('button', { name: 'Add item' }).click();
      await jurgen.getByText(`Item ${REFERENCE} was added to the plan.`).waitFor();
      await visible(card(jurgen, 'not_started'));
      // Ana sees it arrive without reloading.
      await visible(card(ana, 'not_started'));

      // Jürgen moves it with the keyboard-friendly "Move to" menu: in progress, then blocked with a reason.
      await moveTo(jurgen, 'In progress');
      await visible(card(jurgen, 'in_progress'));
      await visible(card(ana, 'in_progress'));
      await moveTo(jurgen, 'Blocked');
      const why = jurgen.getByRole('dialog', { name: `Why is ${REFERENCE} blocked?` });
      await why.getByLabel('Reason').fill('waiting for provider response');
      await expectAccessible(jurgen);
      await why.getByRole('button', { name: 'Move' }).click();
      await visible(card(jurgen, 'blocked'));
      await visible(card(ana, 'blocked').getByText('Blocked: waiting for provider response'));
      await expectAccessible(ana);

      // The table and the per-country view keep their tab in the address.
      await jurgen.getByRole('tab', { name: 'Table' }).click();
      await jurgen.waitForURL(/view=table/);
      await jurgen.getByRole('row', { name: new RegExp(TITLE) }).waitFor();
      // Sorted by due date at first; a second press on the header turns the order round.
      const dueHeader = jurgen.getByRole('columnheader', { name: 'Due' });
      expect(await dueHeader.getAttribute('aria-sort')).toBe('ascending');
      await dueHeader.getByRole('button').click();
      expect(await dueHeader.getAttribute('aria-sort')).toBe('descending');
      await jurgen.getByLabel('Status', { exact: true }).selectOption({ label: 'Blocked' });
      await jurgen.getByRole('row', { name: new RegExp(TITLE) }).waitFor();
      expect(await jurgen.getByRole('row', { name: /Upload taskforce series to ICSE/ }).count()).toBe(0);
      await expectAccessible(jurgen);
      await jurgen.getByRole('tab', { name: 'By country' }).click();
      await jurgen.waitForURL(/view=countries/);
      await jurgen.getByRole('progressbar', { name: 'Progress of Poland' }).waitFor();
      await expectAccessible(jurgen);
      await jurgen.getByRole('tab', { name: 'Board' }).click();
      await jurgen.waitForURL(/view=board/);
    },
    SLOW,
  );

  it(
    'the member finds the item in "My items", a stale edit is caught without losing it, and the drawer shows comments and history',
    async () => {
      // Ana finds it in "My items" and opens it from there: the plan with its drawer.
      await nav(ana).getByRole('link', { name: 'My items' }).click();
      await ana.getByRole('heading', { level: 1, name: 'My items' }).waitFor();
      const row = ana.getByTestId('my-item').filter({ hasText: TITLE });
      await visible(row);
      expect(await row.textContent()).toContain('Blocked');
      await expectAccessible(ana);
      await row.getByRole('link', { name: TITLE }).click();
      await ana.waitForURL(/\/plans\/[^/?]+\?item=/);
      const anaDrawer = ana.getByRole('dialog', { name: `${REFERENCE} · ${TITLE}` });
      await anaDrawer.waitFor();
      // The description as the server rendered it from Markdown.
      await anaDrawer.locator('strong', { hasText: 'subscriber data' }).waitFor();
      await expectAccessible(ana);

      // Both open the edit form; Jürgen saves first, Ana's save is based on the old version.
      await anaDrawer.getByRole('button', { name: 'Edit' }).click();
      await card(jurgen, 'blocked')
        .getByRole('button', { name: new RegExp(TITLE) })
        .click();
      const jurgenDrawer = jurgen.getByRole('dialog', { name: `${REFERENCE} · ${TITLE}` });
      await jurgenDrawer.getByRole('button', { name: 'Edit' }).click();
      await jurgenDrawer.getByRole('textbox', { name: 'Progress' }).fill('20');
      await jurgenDrawer.getByRole('button', { name: 'Save', exact: true }).click();
      await jurgenDrawer.getByText('20 %').first().waitFor();
      await anaDrawer.getByRole('textbox', { name: 'Progress' }).fill('50');
      await anaDrawer.getByRole('button', { name: 'Save', exact: true }).click();
      const conflict = anaDrawer.getByRole('alert').filter({ hasText: 'This item was changed by someone else' });
      await conflict.waitFor();
      // Her value stays in the form next to the current one, to be applied again.
      expect(await conflict.textContent()).toContain('Progress: now “20”, yours “50”');
      await expect(anaDrawer.getByRole('textbox', { name: 'Progress' }).inputValue()).resolves.toBe('50 %');
      await expectAccessible(ana);
      await conflict.getByRole('button', { name: 'Save my changes again' }).click();
      await anaDrawer.getByRole('button', { name: 'Edit' }).waitFor();
      await jurgenDrawer.getByText('50 %').first().waitFor();

      // Comments and the history of the item.
      await anaDrawer.getByLabel('Add a comment').fill('The provider promised an answer by Friday.');
      await anaDrawer.getByRole('button', { name: 'Post comment' }).click();
      await anaDrawer
        .getByTestId('item-comment')
        .filter({ hasText: 'The provider promised an answer by Friday.' })
        .waitFor();
      // Jürgen's open drawer gets the comment live.
      await jurgenDrawer
        .getByTestId('item-comment')
        .filter({ hasText: 'The provider promised an answer by Friday.' })
        .waitFor();
      const history = anaDrawer.getByRole('list', { name: 'History' });
      await history.getByText('Jürgen Müller created the item').waitFor();
      await history.getByText('Status: In progress → Blocked').waitFor();
      await history.getByText('Progress: 20 → 50').waitFor();
      await expectAccessible(ana);
      await expectAccessible(jurgen);

      // With the mouse: Jürgen drags the card back to "In progress" (native drag and drop).
      await jurgenDrawer.getByRole('button', { name: 'Close' }).click();
      await jurgen.waitForURL((url) => !url.searchParams.has('item'));
      await card(jurgen, 'blocked').dragTo(column(jurgen, 'in_progress'));
      await visible(card(jurgen, 'in_progress'));
      await visible(card(ana, 'in_progress'));
    },
    SLOW,
  );
});

import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, submitSignIn } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// The demo seed's accounts (DEMO=true relaxes two-step verification for them).
const ANA = 'ana.ionescu@liaison.test';
const JURGEN = 'jurgen.mueller@liaison.test';
const TOMASZ = 'orgadmin.pl@liaison.test';
const SUBJECT = 'Victim identification: Romania';

describe('encrypted threads on MLS in the browser', () => {
  let api: TestApi;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages: Record<string, Page> = {};
  const words: Record<string, string[]> = {};
  const sentBy = new Map<Page, { socket: number; posted: number }>();

  beforeAll(async () => {
    api = await startTestApi({ DEMO: 'true' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await api?.close();
  });

  async function signedIn(email: string, viewport?: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', ...(viewport ? { viewport } : {}) });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      // The browser's own warnings help when a step times out (a refused fetch is expected in places).
      if ((m.type() === 'warning' || m.type() === 'error') && !m.text().startsWith('Failed to load resource'))
        console.log(email, m.text());
    });
    // How each message left the browser: over the live connection, or posted over HTTPS.
    const sent = { socket: 0, posted: 0 };
    sentBy.set(page, sent);
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        if (String(f.payload).includes('"mls.send"')) sent.socket++;
      }),
    );
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/threads\/[^/]+\/messages$/.test(r.url())) sent.posted++;
    });
    await submitSignIn(page, api.url, email);
    await page.waitForURL(/\/directory$/);
    await page.goto(`${api.url}/threads`);
    return page;
  }

  /** Onboarding: create keys, write down the 24 words, prove it with three of them. */
  async function setUpKeys(page: Page, heading = 'Set up end-to-end encryption'): Promise<string[]> {
    await page.getByRole('heading', { name: heading }).waitFor();
    await page.getByRole('button', { name: 'Create my keys' }).click();
    await page.getByRole('list', { name: 'Recovery words' }).waitFor();
    const shown = (await page.getByTestId('recovery-word').allTextContents()).map((w) => w.replace(/^\d+\.\s*/, ''));
    expect(shown).toHaveLength(24);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'I have written them down' }).click();
    const asked = page.getByLabel(/^Word \d+$/);
    await asked.first().waitFor();
    const labels = await asked.evaluateAll((inputs) =>
      inputs.map((i) => (i as unknown as { labels: { textContent: string }[] }).labels[0].textContent),
    );
    // A wrong word is caught first.
    await asked.nth(0).fill('wrong');
    await page.getByRole('button', { name: 'Finish setting up' }).click();
    await page.getByText('This is not the word at this position.').first().waitFor();
    for (const [i, label] of labels.entries()) {
      const n = Number(/\d+/.exec(label)![0]);
      await asked.nth(i).fill(shown[n - 1]);
    }
    await page.getByRole('button', { name: 'Finish setting up' }).click();
    await page.getByRole('button', { name: 'New thread' }).first().waitFor();
    return shown;
  }

  const messages = (page: Page) => page.getByRole('list', { name: 'Messages' }).getByTestId('message');
  const events = (page: Page) => page.getByRole('list', { name: 'Messages' }).getByTestId('thread-event');
  async function write(page: Page, text: string) {
    await page.getByRole('textbox', { name: 'Message' }).fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
    await messages(page).filter({ hasText: text }).waitFor();
  }
  const openThread = async (page: Page) => {
    await page.getByRole('link', { name: new RegExp(SUBJECT) }).click();
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
  };

  it('first contact: two people set up keys, talk live in an MLS thread, share a file, and compare safety numbers', async () => {
    const ana = (pages.ana = await signedIn(ANA));
    words.ana = await setUpKeys(ana);
    await expectAccessible(ana);
    const jurgen = (pages.jurgen = await signedIn(JURGEN));
    words.jurgen = await setUpKeys(jurgen);

    // Ana finds Jürgen in the directory and starts a thread from his entry.
    await ana.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Directory' }).click();
    await ana.getByRole('searchbox', { name: 'Search the directory' }).fill('Jurgen Muller');
    await ana.getByRole('link', { name: 'Jürgen Müller', exact: true }).first().click();
    await ana.getByRole('heading', { level: 1, name: 'Jürgen Müller' }).waitFor();
    await ana.getByRole('button', { name: 'Start encrypted thread' }).click();
    const dialog = ana.getByRole('dialog', { name: 'Start an encrypted thread' });
    await dialog.getByText(/^Jürgen Müller/).waitFor();
    await dialog.getByLabel('Subject').fill(SUBJECT);
    await expectAccessible(ana);
    await dialog.getByRole('button', { name: 'Start thread' }).click();
    await ana.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    await events(ana)
      .filter({ hasText: `You started the thread: ${SUBJECT}` })
      .waitFor();
    await write(ana, 'Does the new contact in Bucharest speak French?');
    await expectAccessible(ana);

    // Jürgen's list shows the subject and a preview (decrypted in his browser), and he opens it.
    await jurgen.getByText('Ana Ionescu: Does the new contact in Bucharest speak French?').waitFor();
    await openThread(jurgen);
    await messages(jurgen).filter({ hasText: 'Does the new contact in Bucharest speak French?' }).waitFor();
    await write(jurgen, 'Oui, and German too.');
    // Once the browser proved its device key on the live connection, messages go over it.
    expect(sentBy.get(jurgen)).toEqual({ socket: 1, posted: 0 });
    // Ana sees the answer live, without reloading.
    await messages(ana).filter({ hasText: 'Oui, and German too.' }).waitFor();
    expect(await messages(ana).count()).toBe(2);
    await expectAccessible(jurgen);

    // The server stores only MLS ciphertext: no plaintext in its tables.
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    const stored = await db.query<{ body: Buffer }>(`SELECT body FROM mls_message`).finally(() => db.end());
    expect(stored.rows.length).toBeGreaterThan(1);
    const all = Buffer.concat(stored.rows.map((r) => r.body)).toString('latin1');
    expect(all).not.toContain('Bucharest');
    expect(all).not.toContain(SUBJECT);

    // An encrypted attachment: Ana sends a file, Jürgen downloads it and it decrypts to the same bytes.
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
    await write(ana, 'The contact sheet, as promised.');
    const attachment = jurgen.getByRole('button', { name: /^contact-sheet\.txt/ });
    await attachment.waitFor();
    const [download] = await Promise.all([jurgen.waitForEvent('download'), attachment.click()]);
    expect(download.suggestedFilename()).toBe('contact-sheet.txt');
    expect(readFileSync(await download.path(), 'utf8')).toBe(report);

    // Safety numbers: Ana compares and marks Jürgen verified.
    await ana.getByRole('button', { name: '2 members' }).click();
    const drawer = ana.getByRole('dialog', { name: 'Members' });
    await drawer.getByRole('button', { name: 'Safety number' }).click();
    const safety = ana.getByRole('dialog', { name: 'Safety numbers with Jürgen Müller' });
    const theirs = safety.getByRole('group', { name: "Jürgen Müller's safety number" });
    await theirs.waitFor();
    expect(await theirs.locator('code').count()).toBe(12);
    // Jürgen's browser shows him the same number as his own.
    const jurgenDigits = await theirs.locator('code').allTextContents();
    await expectAccessible(ana);
    await safety.getByRole('button', { name: 'The numbers match: mark as verified' }).click();
    await drawer.getByText('Verified').waitFor();
    await expectAccessible(ana);
    await ana.keyboard.press('Escape');
    await jurgen.getByRole('button', { name: '2 members' }).click();
    await jurgen.getByRole('dialog', { name: 'Members' }).getByRole('button', { name: 'Safety number' }).click();
    const own = jurgen.getByRole('dialog', { name: 'Safety numbers with Ana Ionescu' });
    expect(await own.getByRole('group', { name: 'Your safety number' }).locator('code').allTextContents()).toEqual(
      jurgenDigits,
    );
    await jurgen.keyboard.press('Escape');
    await jurgen.keyboard.press('Escape');
  });

  it('adds a third person who reads only what follows, removes them, and makes a member admin', async () => {
    const { ana, jurgen } = pages;
    const tomasz = (pages.tomasz = await signedIn(TOMASZ));
    await setUpKeys(tomasz);

    await ana.getByRole('button', { name: '2 members' }).click();
    const drawer = ana.getByRole('dialog', { name: 'Members' });
    await drawer.getByLabel('Add people').fill('Tomasz');
    await ana.getByRole('option', { name: 'Tomasz Kowalczyk' }).click();
    await drawer.getByLabel('Add people').press('Escape');
    await drawer.getByRole('button', { name: 'Add', exact: true }).click();
    await drawer.getByText('Tomasz Kowalczyk').waitFor();
    await expectAccessible(ana);
    await ana.keyboard.press('Escape');
    await events(ana).filter({ hasText: 'You added Tomasz Kowalczyk.' }).waitFor();
    await events(jurgen).filter({ hasText: 'Ana Ionescu added Tomasz Kowalczyk.' }).waitFor();
    await write(ana, 'Tomasz, welcome: what do you know about the Gdańsk server?');

    // Tomasz joins through the Welcome and reads only what was sent after he was added.
    await tomasz.getByRole('link', { name: new RegExp(SUBJECT) }).click();
    await messages(tomasz).filter({ hasText: 'what do you know about the Gdańsk server?' }).waitFor();
    expect(await messages(tomasz).filter({ hasText: 'Bucharest speak French' }).count()).toBe(0);
    await write(tomasz, 'It is hosted in Warsaw, not Gdańsk.');
    await messages(jurgen).filter({ hasText: 'It is hosted in Warsaw' }).waitFor();

    // Ana removes Tomasz: his browser is told, and what follows is not his to read.
    await ana.getByRole('button', { name: '3 members' }).click();
    await drawer.getByRole('button', { name: 'Remove Tomasz Kowalczyk' }).click();
    const confirm = ana.getByRole('dialog', { name: 'Remove from the thread?' });
    await expectAccessible(ana);
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await drawer.getByText('Tomasz Kowalczyk').waitFor({ state: 'detached' });
    await ana.keyboard.press('Escape');
    await tomasz.getByText('You were removed from this thread.').first().waitFor();
    await write(ana, 'Only the two of us again.');
    await messages(jurgen).filter({ hasText: 'Only the two of us again.' }).waitFor();
    expect(await messages(tomasz).filter({ hasText: 'Only the two of us again.' }).count()).toBe(0);
    expect(await tomasz.getByRole('textbox', { name: 'Message' }).count()).toBe(0);

    // Ana makes Jürgen an admin: he may now add people too. As the last admin he could not step down.
    const jurgenDrawer = jurgen.getByRole('dialog', { name: 'Members' });
    await jurgen.getByRole('button', { name: '2 members' }).click();
    expect(await jurgenDrawer.getByLabel('Add people').count()).toBe(0);
    await jurgen.keyboard.press('Escape');
    await ana.getByRole('button', { name: '2 members' }).click();
    expect(await drawer.getByRole('button', { name: 'Remove as admin: Ana Ionescu' }).count()).toBe(0);
    await drawer.getByRole('button', { name: 'Make admin: Jürgen Müller' }).click();
    await drawer.getByRole('button', { name: 'Remove as admin: Jürgen Müller' }).waitFor();
    expect(await drawer.getByText('Admin', { exact: true }).count()).toBe(2);
    await expectAccessible(ana);
    await ana.keyboard.press('Escape');
    await jurgen.reload();
    await jurgen.getByRole('button', { name: '2 members' }).click();
    await jurgenDrawer.getByLabel('Add people').waitFor();
    await jurgen.keyboard.press('Escape');
  });

  it('restores on a new browser with the 24 words; a member adds the new device; a key reset pauses the thread until accepted', async () => {
    const { ana, jurgen } = pages;
    // Ana's second browser: wrong words first, then the right ones.
    const laptop = await signedIn(ANA, { width: 390, height: 844 });
    await laptop.getByRole('heading', { name: 'Restore your encryption keys' }).waitFor();
    await laptop.getByRole('textbox', { name: 'Recovery words' }).fill(words.ana.slice(0, 23).join(' ') + ' zoo');
    await laptop.getByRole('button', { name: 'Restore' }).click();
    await laptop
      .getByRole('alert')
      .filter({ hasText: /not 24 valid recovery words|do not open/ })
      .waitFor();
    await expectAccessible(laptop);
    await laptop.getByRole('textbox', { name: 'Recovery words' }).fill(words.ana.join(' '));
    await laptop.getByRole('button', { name: 'Restore' }).click();
    await laptop.getByRole('button', { name: 'New thread' }).first().waitFor();
    // The history Ana's first browser archived (sealed under the key in her backup) is here.
    await laptop.getByRole('link', { name: new RegExp(SUBJECT) }).click();
    await messages(laptop).filter({ hasText: 'Does the new contact in Bucharest speak French?' }).waitFor();
    await laptop.getByRole('button', { name: /^contact-sheet\.txt/ }).waitFor();
    await laptop.getByText(/This browser is not in the thread yet/).waitFor();
    await expectAccessible(laptop);

    // Ana's first browser opens the thread and adds her new one (in her backup, certified by her
    // identity key); nobody else's browser does.
    await ana.reload();
    await events(ana).filter({ hasText: 'You added another of your devices.' }).waitFor();
    await events(jurgen).filter({ hasText: 'Ana Ionescu added another of their own devices.' }).waitFor();
    await laptop.getByRole('textbox', { name: 'Message' }).waitFor();
    await write(laptop, 'Writing from my laptop now.');
    await messages(jurgen).filter({ hasText: 'Writing from my laptop now.' }).waitFor();
    await messages(ana).filter({ hasText: 'Writing from my laptop now.' }).waitFor();

    // Jürgen lost his words: a new browser, new keys (his password again first is not needed: he just signed in).
    const fresh = await signedIn(JURGEN);
    await fresh.getByRole('heading', { name: 'Restore your encryption keys' }).waitFor();
    await fresh.getByRole('button', { name: 'I lost them: set up new keys' }).click();
    await fresh.getByText(/must accept it/).waitFor();
    await setUpKeys(fresh, 'Set up new encryption keys');

    // Ana's browser sees the change and pauses sending until she reviews it.
    await ana.reload();
    await ana.getByRole('alert').filter({ hasText: 'Sending is paused: a key changed' }).waitFor();
    expect(await ana.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    await ana.getByRole('button', { name: 'Review Jürgen Müller' }).click();
    const review = ana.getByRole('dialog', { name: 'Safety numbers with Jürgen Müller' });
    await review.getByText("Jürgen Müller's key has changed").waitFor();
    await expectAccessible(ana);
    await review.getByRole('button', { name: 'Accept the new key' }).click();
    // Accepting swaps his old device for the new one in the thread; they talk again.
    await ana.getByRole('textbox', { name: 'Message' }).and(ana.locator(':not([disabled])')).waitFor();
    await fresh.getByRole('link', { name: /Encrypted thread|Victim/ }).click();
    await write(ana, 'Welcome back, Jürgen.');
    await messages(fresh).filter({ hasText: 'Welcome back, Jürgen.' }).waitFor();
    await write(fresh, 'Thanks, new keys work.');
    await messages(ana).filter({ hasText: 'Thanks, new keys work.' }).waitFor();
    // Ana's laptop has its own trust: it pauses at the change until she accepts it there too.
    await laptop.getByRole('alert').filter({ hasText: 'Sending is paused: a key changed' }).waitFor();
    expect(await messages(laptop).filter({ hasText: 'Thanks, new keys work.' }).count()).toBe(0);
    await laptop.getByRole('button', { name: 'Review Jürgen Müller' }).click();
    await expectAccessible(laptop);
    await laptop
      .getByRole('dialog', { name: 'Safety numbers with Jürgen Müller' })
      .getByRole('button', { name: 'Accept the new key' })
      .click();
    await messages(laptop).filter({ hasText: 'Thanks, new keys work.' }).waitFor();

    // Jürgen leaves: Ana's browser commits his request, and he is gone from the members.
    await fresh.getByRole('button', { name: /members/ }).click();
    await fresh.getByRole('dialog', { name: 'Members' }).getByRole('button', { name: 'Leave the thread' }).click();
    const leave = fresh.getByRole('dialog', { name: 'Leave this thread?' });
    await expectAccessible(fresh);
    await leave.getByRole('button', { name: 'Leave', exact: true }).click();
    await fresh.waitForURL(/\/threads$/);
    await events(ana).filter({ hasText: 'You removed Jürgen Müller.' }).waitFor();
    await ana.getByRole('button', { name: '1 member' }).waitFor();
  });
});

import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_ORGANISATIONS } from '@liaison/directory';
import { DEMO_PASSWORD } from '@liaison/identity';
import { expectAccessible, launchBrowser, submitSignIn } from '../support/browser.js';
import { lastMailTo } from '../support/identity.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// The demo seed's accounts (DEMO=true relaxes two-step verification for them).
const SECRETARIAT = 'secretariat@liaison.test';
const ANA = 'ana.ionescu@liaison.test';
const JURGEN = 'jurgen.mueller@liaison.test';
const ORG_ADMIN = 'orgadmin.pl@liaison.test';
const THIJS = 'thijs.devries@polderhost.nl.test';

// Fixed ids of the demo network's named people (libs/directory/src/demo/demo-network.ts).
const JURGEN_ID = '00000000-0000-4000-a000-000000000001';
const LUKASZ_ID = '00000000-0000-4000-a000-000000000003';
const CYPRUS_PRIMARY_ID = '00000000-0000-4000-a000-000000000009';
const SLOVAK_STALE_ID = '00000000-0000-4000-a000-000000000011';
const TOMASZ_ID = '00000000-0000-4000-a000-000000000004';

describe('directory screens', () => {
  let api: TestApi;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    api = await startTestApi({ DEMO: 'true' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      locale: 'en-GB',
      timezoneId: 'Europe/Bucharest',
      acceptDownloads: true,
    });
    contexts.push(context);
    return context.newPage();
  }

  async function signInAs(page: Page, email: string): Promise<void> {
    await submitSignIn(page, api.url, email);
    await page.waitForURL(/\/directory$/);
    await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
  }

  /** A bearer header for API calls the test makes itself (setting the scene, not what is tested). */
  async function tokenOf(email: string): Promise<Record<string, string>> {
    const login = await api.json('POST', '/api/v1/auth/login', { email, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    return { authorization: `Bearer ${login.body.accessToken}` };
  }

  /** The text of the file a click downloads. */
  async function downloadedText(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    const path = await download.path();
    return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
  }

  const resultCard = (page: Page, name: string) =>
    page
      .getByRole('region', { name: /^(Contacts|Kontakty)$/ })
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name, exact: true }) });

  it('(scenario 2) Ana finds Jürgen while typing, filters by mandate and language, and downloads the vCards', async () => {
    const page = await newPage();
    await signInAs(page, ANA);

    // The search box is the page's first control and answers while typing.
    const search = page.getByRole('searchbox', { name: 'Search the directory' });
    const firstControl = page.locator('#main').locator('input, select, textarea, button, a[href]').first();
    await expect(firstControl.getAttribute('type')).resolves.toBe('search');
    await search.focus();
    await search.pressSequentially('Muller', { delay: 40 });
    const jurgen = resultCard(page, 'Jürgen Müller');
    await jurgen.waitFor();
    await expect(jurgen.locator('mark').first().textContent()).resolves.toMatch(/^M[uü]ller$/);
    await jurgen.getByText('Bundeskriminalamt').first().waitFor();
    await jurgen.getByText(/Speaks .*German.*French/).waitFor();
    await page.waitForURL(/[?&]q=Muller/);
    await expectAccessible(page);

    // Filters: mandate and language, with their counts; the URL follows.
    const mandate = page.getByRole('group', { name: 'Mandate' });
    const victimId = mandate.getByRole('checkbox', { name: /^Victim identification \d+$/ });
    await victimId.click();
    await page.waitForURL(/mandate=victim_identification/);
    await mandate.getByRole('checkbox', { name: /^Victim identification \d+$/, checked: true }).waitFor();
    const language = page.getByRole('group', { name: 'Language' });
    const french = language.getByRole('checkbox', { name: /^French \d+$/ });
    await french.click();
    await page.waitForURL(/language=fr/);
    await language.getByRole('checkbox', { name: /^French \d+$/, checked: true }).waitFor();
    await jurgen.waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /\d+ contacts? match/ })
      .waitFor();
    await expectAccessible(page);

    // A deep link brings back the same search.
    const deepLink = page.url();
    const other = await newPage();
    await signInAs(other, ANA);
    await other.goto(deepLink);
    await expect(other.getByRole('searchbox', { name: 'Search the directory' }).inputValue()).resolves.toBe('Muller');
    await expect(
      other
        .getByRole('group', { name: 'Language' })
        .getByRole('checkbox', { name: /^French/ })
        .isChecked(),
    ).resolves.toBe(true);
    await resultCard(other, 'Jürgen Müller').waitFor();

    // vCards of the results, fetched with the session's token.
    const vcards = await downloadedText(page, () => page.getByRole('button', { name: 'Download vCards' }).click());
    expect(vcards.name).toMatch(/\.vcf$/);
    expect(vcards.text).toContain('BEGIN:VCARD');
    expect(vcards.text).toContain('Müller');
    const csv = await downloadedText(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
    expect(csv.text).toContain('jurgen.mueller@liaison.test');
  });

  it("(scenario 2) the coverage matrix: Malta has no deputy, Cyprus' primary has not confirmed", async () => {
    const page = await newPage();
    await signInAs(page, ANA);
    await page.getByRole('link', { name: 'Coverage of points of contact' }).click();
    await page.getByRole('heading', { level: 1, name: 'Coverage of points of contact' }).waitFor();
    const malta = page.getByRole('button', { name: 'Malta, Victim identification: No deputy' });
    await malta.waitFor();
    await expect(malta.textContent()).resolves.toContain('No deputy');
    await page.getByRole('button', { name: 'Cyprus, Victim identification: Not confirmed' }).waitFor();
    // One check with the popover open covers the matrix, the legend and the popover (the page is large).
    await malta.click();
    const popover = page.getByRole('dialog');
    await popover.getByText('Malta: Victim identification').waitFor();
    await popover.getByRole('link').first().waitFor();
    await expectAccessible(page);
    await page.keyboard.press('Escape');

    await page.getByRole('checkbox', { name: 'EU member states only' }).click();
    await page.getByRole('checkbox', { name: 'EU member states only', checked: true }).waitFor();
    await page.waitForURL(/eu=true/);
    await malta.waitFor();
    const coverageCsv = await downloadedText(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
    expect(coverageCsv.text).toMatch(/Malta|MT/);
  });

  it("opens Jürgen's contact page: details, designations, who can see it, his vCard", async () => {
    const page = await newPage();
    await signInAs(page, ANA);
    await page.getByRole('searchbox', { name: 'Search the directory' }).fill('Jürgen Müller');
    await resultCard(page, 'Jürgen Müller').getByRole('link', { name: 'Jürgen Müller', exact: true }).click();
    await page.waitForURL(new RegExp(`/directory/contacts/${JURGEN_ID}$`));
    await page.getByRole('heading', { level: 1, name: 'Jürgen Müller' }).waitFor();
    await page.getByRole('link', { name: JURGEN }).waitFor();
    expect(await page.getByRole('link', { name: JURGEN }).getAttribute('href')).toBe(`mailto:${JURGEN}`);
    const phone = page.locator('a[href^="tel:+"]').first();
    await phone.waitFor();
    await page.getByText('Who can see this').waitFor();
    await page.getByText(/where it is now/).waitFor();
    const designations = page.getByRole('region', { name: 'Designations' });
    await designations.getByRole('rowheader', { name: 'Victim identification' }).waitFor();
    await designations.getByRole('cell', { name: 'Primary' }).first().waitFor();
    // Ana is not Jürgen nor his organisation's administrator.
    expect(await page.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Confirm entry is up to date' }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: 'History' }).count()).toBe(0);
    await expectAccessible(page);

    const vcard = await downloadedText(page, () => page.getByRole('button', { name: 'Download vCard' }).click());
    expect(vcard.text).toContain('BEGIN:VCARD');
    expect(vcard.text).toContain('FN:Jürgen Müller');
  });

  it('Jürgen edits his own position, keeps his typing when someone saved first, confirms and sees the history', async () => {
    const page = await newPage();
    await signInAs(page, JURGEN);
    await page.getByRole('link', { name: 'My entry' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jürgen Müller' }).waitFor();

    await page.getByRole('button', { name: 'Edit my entry' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Jürgen Müller' });
    await dialog.waitFor();
    // Only the fields a contact may change in their own entry.
    expect(await dialog.getByLabel('Full name').count()).toBe(0);
    expect(await dialog.getByLabel(/^E-mail addresses/).count()).toBe(0);
    await dialog.getByText(/You can change your position/).waitFor();
    await expectAccessible(page);

    // Meanwhile someone else (Jürgen on another device) saves a change.
    const auth = await tokenOf(JURGEN);
    const current = await api.json('GET', `/api/v1/directory/contacts/${JURGEN_ID}`, undefined, auth);
    const elsewhere = await api.json(
      'PATCH',
      `/api/v1/directory/contacts/${JURGEN_ID}`,
      { version: current.body.version, expertise: [...current.body.expertise, 'disaster victim identification'] },
      auth,
    );
    expect(elsewhere.status).toBe(200);

    const position = 'Head of Victim Identification, BKA';
    await dialog.getByLabel('Position').fill(position);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'This entry was changed by someone else' }).waitFor();
    await expect(dialog.getByLabel('Position').inputValue()).resolves.toBe(position);
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'The changes have been saved.' }).waitFor();
    await page.getByText(`${position} · Bundeskriminalamt`).waitFor();
    // The other device's change was not overwritten.
    const after = await api.json('GET', `/api/v1/directory/contacts/${JURGEN_ID}`, undefined, auth);
    expect(after.body.position).toBe(position);
    expect(after.body.expertise).toContain('disaster victim identification');

    await page.getByRole('button', { name: 'Confirm entry is up to date' }).click();
    await page.getByRole('status').filter({ hasText: 'the entry is confirmed as up to date' }).waitFor();

    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('tabpanel', { name: 'History' }).getByRole('table').waitFor();
    await page.getByText(new RegExp(`position: .* → ${position}`)).waitFor();
    await expectAccessible(page);
  });

  it("an organisation's administrator edits every field of a colleague's entry and sees the server's field errors", async () => {
    const page = await newPage();
    await signInAs(page, ORG_ADMIN);
    await page.goto(`${api.url}/directory/contacts/${LUKASZ_ID}`);
    await page.getByRole('heading', { level: 1, name: 'Łukasz Kowalski' }).waitFor();
    await page.getByRole('tab', { name: 'History' }).waitFor();
    await page.getByRole('button', { name: 'Edit entry' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Łukasz Kowalski' });
    await dialog.getByLabel('Full name').waitFor();
    await dialog.getByLabel(/^E-mail addresses/).waitFor();
    await dialog.getByLabel('Who can see this entry').waitFor();

    await dialog.getByRole('button', { name: 'Add a phone number' }).click();
    const phones = await dialog.getByRole('textbox', { name: /^Phone number \d+$/ }).count();
    const added = dialog.getByRole('textbox', { name: `Phone number ${phones}` });
    await added.fill('12345');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText(/not a valid international number/).waitFor();
    await expect(added.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page);

    await added.fill('+48 22 601 22 22');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'The changes have been saved.' }).waitFor();
    await page.getByRole('link', { name: '+48226012222' }).waitFor();
  });

  it('the secretariat checks a bad CSV file (errors by row and column), then imports a good one', async () => {
    const page = await newPage();
    await signInAs(page, SECRETARIAT);
    await page.getByRole('link', { name: 'Import contacts' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Import contacts' }).waitFor();
    await expectAccessible(page);

    const header = 'organisation_id,full_name,position,emails,phones,languages,expertise,time_zone,status,visibility';
    const org = DEMO_ORGANISATIONS.secretariat;
    const bad = [
      header,
      `${org},Erika Musterfrau,Analyst,not-an-email,+4930123456,de;en,,Europe/Berlin,active,network`,
      `${org},Jan Nowak,Analyst,jan.nowak@import.test,12345,pl,,Mars/Olympus,active,network`,
    ].join('\n');
    const file = page.getByLabel('CSV file');
    await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const importButton = page.getByRole('button', { name: 'Import', exact: true });
    expect(await importButton.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Check file' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /The file has \d+ errors?; nothing has been saved/ })
      .waitFor();
    const errors = page.getByRole('table').filter({ hasText: 'Problem' });
    const emailError = errors.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '2', exact: true }) });
    await emailError.filter({ hasText: 'emails' }).first().waitFor();
    const row3 = errors.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '3', exact: true }) });
    await row3.filter({ hasText: 'time_zone' }).first().waitFor();
    expect(await importButton.isDisabled()).toBe(true);
    await expectAccessible(page);

    const good = [
      header,
      `${org},Erika Musterfrau,Analyst,erika.musterfrau@import.test,mobile:+4915112345678,de;en,child protection,Europe/Berlin,active,network`,
      `${org},"Jan Nowak","Liaison officer",jan.nowak@import.test,+48221234567,pl;en,,Europe/Warsaw,active,network`,
    ].join('\n');
    await file.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    expect(await importButton.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('status').filter({ hasText: 'The file is ready to import' }).waitFor();
    await page.getByText('New contacts: 2').waitFor();
    await importButton.click();
    await page.getByRole('status').filter({ hasText: 'Import complete' }).waitFor();
    await page.getByText('Contacts added: 2').waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Back to the directory' }).click();
    await page.getByRole('searchbox', { name: 'Search the directory' }).fill('Musterfrau');
    await resultCard(page, 'Erika Musterfrau').waitFor();
  });

  it('(scenario 7) a stale contact confirms from the e-mail link; another hands over, and the secretariat approves', async () => {
    const secretariat = await tokenOf(SECRETARIAT);
    const scan = await api.json('POST', '/api/v1/directory/freshness/scan', undefined, secretariat);
    expect(scan.status).toBe(200);

    // Cyprus' primary: "Yes, still correct".
    const cyprus = await api.json('GET', `/api/v1/directory/contacts/${CYPRUS_PRIMARY_ID}`, undefined, secretariat);
    const cyprusToken = confirmToken(await lastMailTo(api, cyprus.body.emails[0], 20_000));
    const page = await newPage();
    await page.goto(`${api.url}/confirm#token=${cyprusToken}`);
    await page.getByRole('heading', { level: 1, name: 'Is your entry still correct?' }).waitFor();
    await page.getByRole('heading', { level: 2, name: cyprus.body.fullName }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Yes, still correct' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    await page.getByText('Your entry is confirmed as up to date.').waitFor();
    await expectAccessible(page);
    // The link is spent.
    const again = await newPage();
    await again.goto(`${api.url}/confirm#token=${cyprusToken}`);
    await again.getByRole('heading', { level: 1, name: 'Already answered' }).waitFor();
    await expectAccessible(again);

    // The Slovak contact has left: she hands over to a colleague.
    const slovak = await api.json('GET', `/api/v1/directory/contacts/${SLOVAK_STALE_ID}`, undefined, secretariat);
    const slovakToken = confirmToken(await lastMailTo(api, slovak.body.emails[0], 20_000));
    await page.goto(`${api.url}/confirm#token=${slovakToken}`);
    await page.getByRole('heading', { level: 2, name: slovak.body.fullName }).waitFor();
    await page.getByRole('button', { name: 'I have left: hand over to…' }).click();
    await page.getByRole('heading', { level: 2, name: 'Hand over to your successor' }).waitFor();
    await page.getByRole('radio', { name: 'A colleague already in the directory' }).check();
    await page.getByLabel('Colleague', { exact: true }).first().click();
    await page.getByRole('option', { name: /Michal Baláž/ }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Hand over', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    await page.getByText(/Your handover has been recorded/).waitFor();

    // The secretariat approves the proposal; the coverage matrix shows the new primary.
    const admin = await newPage();
    await signInAs(admin, SECRETARIAT);
    await admin.getByRole('link', { name: 'Designations awaiting approval' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Designations awaiting approval' }).waitFor();
    const proposal = admin.getByRole('row').filter({ hasText: 'Michal Baláž' }).first();
    await proposal.waitFor();
    await expectAccessible(admin);
    await proposal.getByRole('button', { name: /^Approve the designation of Michal Baláž/ }).click();
    await admin.getByRole('status').filter({ hasText: 'is approved and active' }).waitFor();

    await admin.goto(`${api.url}/directory/coverage?eu=true`);
    const slovakia = admin.getByRole('button', { name: /^Slovakia, Victim identification: / });
    await slovakia.click();
    await admin.getByRole('dialog').getByRole('link', { name: 'Michal Baláž' }).waitFor();
  });

  it('speaks Polish: labels, facet names and country names follow the interface language', async () => {
    const page = await newPage();
    await signInAs(page, ANA);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('pl');
    await page.getByRole('heading', { level: 1, name: 'Katalog' }).waitFor();
    await page.getByRole('searchbox', { name: 'Szukaj w katalogu' }).fill('Müller');
    await resultCard(page, 'Jürgen Müller').waitFor();
    await page
      .getByRole('group', { name: 'Kraj' })
      .getByRole('checkbox', { name: /^Niemcy \d+$/ })
      .waitFor();
    await page.getByRole('button', { name: 'Pobierz vCard' }).waitFor();
    await expectAccessible(page);
  });

  it('says so when a confirmation link is not valid', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/confirm#token=${'x'.repeat(43)}`);
    await page.getByRole('heading', { level: 1, name: 'This link does not work' }).waitFor();
    await expectAccessible(page);
  });

  it('the secretariat adds a contact, designates her as deputy for her country, then ends the designation', async () => {
    const page = await newPage();
    await signInAs(page, SECRETARIAT);
    await page.getByRole('button', { name: 'Add a contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a contact' });
    await dialog.waitFor();
    const organisation = dialog.getByLabel(/^Organisation/);
    await organisation.fill('komenda');
    await page.getByRole('option', { name: /^Komenda Główna Policji \(KGP\) · Poland$/ }).click();
    await expect(organisation.inputValue()).resolves.toBe('Komenda Główna Policji (KGP) · Poland');
    await dialog.getByLabel('Full name').fill('Marta Zielińska');
    await dialog.getByLabel('Position').fill('Analyst, Victim Identification');
    // Jürgen's address is taken: a duplicate, said clearly.
    await dialog.getByLabel(/^E-mail addresses/).fill(JURGEN);
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'seems to be in the directory already' }).waitFor();
    await expect(dialog.getByLabel(/^E-mail addresses/).getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page);
    // A bad phone number: the server's error under its row.
    await dialog.getByLabel(/^E-mail addresses/).fill('marta.zielinska@policja.gov.pl.test');
    await dialog.getByRole('button', { name: 'Add a phone number' }).click();
    const phone = dialog.getByRole('textbox', { name: 'Phone number 1' });
    await phone.fill('12345');
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    await dialog.getByText(/not a valid international number/).waitFor();
    await expect(phone.getAttribute('aria-invalid')).resolves.toBe('true');
    await phone.fill('+48 22 601 00 00');
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    await page.getByRole('heading', { level: 1, name: 'Marta Zielińska' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'The contact has been added to the directory.' }).waitFor();
    await expectAccessible(page);

    // Primary for victim identification in Poland is taken (Łukasz): the dialog offers to replace him.
    await page.getByRole('button', { name: 'Designate as point of contact' }).click();
    const designate = page.getByRole('dialog', { name: 'Designate Marta Zielińska as point of contact' });
    await designate.getByLabel('Mandate').selectOption({ label: 'Victim identification' });
    await designate.getByRole('radio', { name: 'The country: Poland' }).waitFor();
    expect(await designate.getByRole('radio', { name: 'The country: Poland' }).isChecked()).toBe(true);
    await designate.getByLabel('Nominating authority').fill('Ministry of Interior, order 12/2026');
    await designate.getByRole('button', { name: 'Designate', exact: true }).click();
    await designate.getByRole('alert').filter({ hasText: 'already a primary point of contact' }).waitFor();
    await designate.getByRole('button', { name: 'Replace the current primary' }).waitFor();
    await expectAccessible(page);
    // She becomes the deputy instead.
    await designate.getByRole('radio', { name: 'Deputy' }).check();
    await designate.getByRole('button', { name: 'Designate', exact: true }).click();
    await designate.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'The designation is recorded and active.' }).waitFor();
    const designations = page.getByRole('region', { name: 'Designations' });
    const row = designations.getByRole('row').filter({ hasText: 'Victim identification' });
    await row.getByRole('cell', { name: 'Deputy', exact: true }).waitFor();
    await row.getByRole('cell', { name: 'National: Poland', exact: true }).waitFor();
    await row.getByText('Active', { exact: true }).waitFor();
    await expectAccessible(page);

    await row.getByRole('button', { name: 'End the designation: Victim identification (Deputy)' }).click();
    const confirm = page.getByRole('dialog', { name: 'End this designation?' });
    await confirm.waitFor();
    await expectAccessible(page);
    await confirm.getByRole('button', { name: 'End designation' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'The designation has ended.' }).waitFor();
    await row.getByText('Ended', { exact: true }).waitFor();
    expect(await row.getByRole('button', { name: /^End the designation/ }).count()).toBe(0);
  });

  it("the Polish organisation's administrator proposes a designation, which waits on the secretariat's approvals page", async () => {
    const page = await newPage();
    await signInAs(page, ORG_ADMIN);
    await page.goto(`${api.url}/directory/contacts/${TOMASZ_ID}`);
    await page.getByRole('heading', { level: 1, name: 'Tomasz Kowalczyk' }).waitFor();
    await page.getByRole('button', { name: 'Designate as point of contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Propose Tomasz Kowalczyk as point of contact' });
    await dialog.getByText('This is a proposal: it takes effect once the secretariat approves it.').waitFor();
    await dialog.getByLabel('Mandate').selectOption({ label: 'Victim identification' });
    await dialog.getByRole('radio', { name: 'Deputy' }).check();
    await dialog.getByLabel('Nominating authority').fill('Komendant Główny Policji, decyzja 7/2026');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Propose', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'It takes effect once the secretariat approves it.' }).waitFor();
    const row = page.getByRole('region', { name: 'Designations' }).getByRole('row').filter({ hasText: 'Deputy' });
    await row.getByText('Awaiting approval', { exact: true }).waitFor();
    await expectAccessible(page);

    const admin = await newPage();
    await signInAs(admin, SECRETARIAT);
    await admin.getByRole('link', { name: 'Designations awaiting approval' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Designations awaiting approval' }).waitFor();
    await admin.getByRole('row').filter({ hasText: 'Tomasz Kowalczyk' }).first().waitFor();
  });

  it('(scenario 8) an industry member sees only network-visible contacts, with counts that add up', async () => {
    async function countFor(email: string): Promise<{ total: number; statusSum: number }> {
      const page = await newPage();
      await signInAs(page, email);
      await page.getByRole('searchbox', { name: 'Search the directory' }).fill('victim identification');
      await page.waitForURL(/[?&]q=victim/);
      const status = page.getByRole('status').filter({ hasText: /\d+ contacts? match/ });
      await status.waitFor();
      const total = Number(/(\d+) contacts? match/.exec((await status.textContent()) ?? '')?.[1]);
      const labels = await page.getByRole('group', { name: 'Status' }).locator('label').allInnerTexts();
      const statusSum = labels
        .map((label) => Number(/(\d+)\s*$/.exec(label)?.[1] ?? 0))
        .reduce((sum, count) => sum + count, 0);
      if (email === THIJS) await expectAccessible(page);
      return { total, statusSum };
    }
    const industry = await countFor(THIJS);
    const police = await countFor(ANA);
    expect(industry.total).toBeGreaterThan(0);
    expect(police.total).toBeGreaterThan(industry.total);
    // Every contact has exactly one status: the counts do not betray the hidden ones.
    expect(industry.statusSum).toBe(industry.total);
  });

  it('the secretariat invites someone into an organisation picked by typing its name', async () => {
    const page = await newPage();
    await signInAs(page, SECRETARIAT);
    await page.goto(`${api.url}/admin/users`);
    await page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite someone' });
    await dialog.getByLabel('E-mail address').fill('nowy.czlonek@policja.gov.pl.test');
    await dialog.getByLabel('Role').selectOption({ label: 'Member' });
    const organisation = dialog.getByLabel(/^Organisation/);
    await organisation.fill('komenda');
    const option = page.getByRole('option', { name: /^Komenda Główna Policji \(KGP\) · Poland$/ });
    await option.waitFor();
    await expectAccessible(page);
    await option.click();
    await expect(organisation.inputValue()).resolves.toBe('Komenda Główna Policji (KGP) · Poland');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent to nowy.czlonek@policja.gov.pl.test').waitFor();
  });

  it('Jürgen hands over from his own page to a successor', async () => {
    const page = await newPage();
    await signInAs(page, JURGEN);
    await page.getByRole('link', { name: 'My entry' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jürgen Müller' }).waitFor();
    await page.getByRole('button', { name: 'I have left: hand over to…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hand over to your successor' });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: 'Someone not in the directory yet' }).check();
    await dialog.getByLabel("Successor's full name").fill('Katrin Schulz');
    await dialog.getByLabel("Successor's e-mail address").fill('katrin.schulz@bka.de.test');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Hand over', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page
      .getByRole('status')
      .filter({ hasText: /now marked as departed\. \d+ designations? ha(s|ve) been proposed/ })
      .waitFor();
    await page.getByText('Has left', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'I have left: hand over to…' }).count()).toBe(0);
    await expectAccessible(page);
    await page.getByRole('link', { name: "Open the successor's entry" }).click();
    await page.getByRole('heading', { level: 1, name: 'Katrin Schulz' }).waitFor();
  });
});

function confirmToken(mail: string): string {
  const match = /\/confirm#token=([A-Za-z0-9_-]+)/.exec(mail);
  if (!match) throw new Error('no confirmation link in the e-mail');
  return match[1]!;
}

import { expectAccessible } from '../support/browser.js';
import {
  confirmToken,
  CYPRUS_PRIMARY_ID,
  JURGEN,
  ORG_ADMIN,
  SECRETARIAT,
  SLOVAK_STALE_ID,
  TOMASZ_ID,
  useDirectorySuite,
} from '../support/directory-screens.js';
import { lastMailTo } from '../support/identity.js';

// Directory screens, freshness and designations: confirming, handing over from the e-mail link,
// designating deputies and approving proposals.
describe('directory screens: freshness and designations', () => {
  const suite = useDirectorySuite();

  it('(scenario 7) a stale contact confirms from the e-mail link; another hands over, and the secretariat approves', async () => {
    const secretariat = await suite.tokenOf(SECRETARIAT);
    const scan = await suite.api.json('POST', '/api/v1/directory/freshness/scan', undefined, secretariat);
    expect(scan.status).toBe(200);

    // Cyprus' primary: "Yes, still correct".
    const cyprus = await suite.api.json(
      'GET',
      `/api/v1/directory/contacts/${CYPRUS_PRIMARY_ID}`,
      undefined,
      secretariat,
    );
    const cyprusToken = confirmToken(await lastMailTo(suite.api, cyprus.body.emails[0], 20_000));
    const page = await suite.newPage();
    await page.goto(`${suite.api.url}/confirm#token=${cyprusToken}`);
    await page.getByRole('heading', { level: 1, name: 'Is your entry still correct?' }).waitFor();
    await page.getByRole('heading', { level: 2, name: cyprus.body.fullName }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Yes, still correct' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    await page.getByText('Your entry is confirmed as up to date.').waitFor();
    await expectAccessible(page);
    // The link is spent.
    const again = await suite.newPage();
    await again.goto(`${suite.api.url}/confirm#token=${cyprusToken}`);
    await again.getByRole('heading', { level: 1, name: 'Already answered' }).waitFor();
    await expectAccessible(again);

    // The Slovak contact has left: she hands over to a colleague.
    const slovak = await suite.api.json('GET', `/api/v1/directory/contacts/${SLOVAK_STALE_ID}`, undefined, secretariat);
    const slovakToken = confirmToken(await lastMailTo(suite.api, slovak.body.emails[0], 20_000));
    await page.goto(`${suite.api.url}/confirm#token=${slovakToken}`);
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
    const admin = await suite.newPage();
    await suite.signInAs(admin, SECRETARIAT);
    await admin.getByRole('link', { name: 'Designations awaiting approval' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Designations awaiting approval' }).waitFor();
    const proposal = admin.getByRole('row').filter({ hasText: 'Michal Baláž' }).first();
    await proposal.waitFor();
    await expectAccessible(admin);
    await proposal.getByRole('button', { name: /^Approve the designation of Michal Baláž/ }).click();
    await admin.getByRole('status').filter({ hasText: 'is approved and active' }).waitFor();

    await admin.goto(`${suite.api.url}/directory/coverage?eu=true`);
    const slovakia = admin.getByRole('button', { name: /^Slovakia, Victim identification: / });
    await slovakia.click();
    await admin.getByRole('dialog').getByRole('link', { name: 'Michal Baláž' }).waitFor();
  });

  it('says so when a confirmation link is not valid', async () => {
    const page = await suite.newPage();
    await page.goto(`${suite.api.url}/confirm#token=${'x'.repeat(43)}`);
    await page.getByRole('heading', { level: 1, name: 'This link does not work' }).waitFor();
    await expectAccessible(page);
  });

  it('the secretariat adds a contact, designates her as deputy for her country, then ends the designation', async () => {
    const page = await suite.newPage();
    await suite.signInAs(page, SECRETARIAT);
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
    const page = await suite.newPage();
    await suite.signInAs(page, ORG_ADMIN);
    await page.goto(`${suite.api.url}/directory/contacts/${TOMASZ_ID}`);
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

    const admin = await suite.newPage();
    await suite.signInAs(admin, SECRETARIAT);
    await admin.getByRole('link', { name: 'Designations awaiting approval' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Designations awaiting approval' }).waitFor();
    await admin.getByRole('row').filter({ hasText: 'Tomasz Kowalczyk' }).first().waitFor();
  });
});

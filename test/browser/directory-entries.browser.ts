import { DEMO_ORGANISATIONS } from '@liaison/demo';
import { expectAccessible } from '../support/browser.js';
import {
  JURGEN,
  JURGEN_ID,
  LUKASZ_ID,
  ORG_ADMIN,
  resultCard,
  SECRETARIAT,
  useDirectorySuite,
} from '../support/directory-screens.js';

// Directory screens, keeping entries up to date: editing, importing, inviting, handing over.
describe('directory screens: keeping entries up to date', () => {
  const suite = useDirectorySuite();

  it('Jürgen edits his own position, keeps his typing when someone saved first, confirms and sees the history', async () => {
    const page = await suite.newPage();
    await suite.signInAs(page, JURGEN);
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
    const auth = await suite.tokenOf(JURGEN);
    const current = await suite.api.json('GET', `/api/v1/directory/contacts/${JURGEN_ID}`, undefined, auth);
    const elsewhere = await suite.api.json(
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
    const after = await suite.api.json('GET', `/api/v1/directory/contacts/${JURGEN_ID}`, undefined, auth);
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
    const page = await suite.newPage();
    await suite.signInAs(page, ORG_ADMIN);
    await page.goto(`${suite.api.url}/directory/contacts/${LUKASZ_ID}`);
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
    const page = await suite.newPage();
    await suite.signInAs(page, SECRETARIAT);
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

  it('the secretariat invites someone into an organisation picked by typing its name', async () => {
    const page = await suite.newPage();
    await suite.signInAs(page, SECRETARIAT);
    await page.goto(`${suite.api.url}/admin/users`);
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
    const page = await suite.newPage();
    await suite.signInAs(page, JURGEN);
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

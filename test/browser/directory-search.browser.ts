import { expectAccessible } from '../support/browser.js';
import {
  ANA,
  downloadedText,
  JURGEN,
  JURGEN_ID,
  resultCard,
  THIJS,
  useDirectorySuite,
} from '../support/directory-screens.js';

// Directory screens, finding people: search and filters, the coverage matrix, a contact's page,
// the interface in Polish, and what an industry member may see.
describe('directory screens: finding people', () => {
  const suite = useDirectorySuite();

  it('(scenario 2) Ana finds Jürgen while typing, filters by mandate and language, and downloads the vCards', async () => {
    const page = await suite.newPage();
    await suite.signInAs(page, ANA);

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
    const other = await suite.newPage();
    await suite.signInAs(other, ANA);
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
    const page = await suite.newPage();
    await suite.signInAs(page, ANA);
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
    const page = await suite.newPage();
    await suite.signInAs(page, ANA);
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

  it('speaks Polish: labels, facet names and country names follow the interface language', async () => {
    const page = await suite.newPage();
    await suite.signInAs(page, ANA);
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

  it('(scenario 8) an industry member sees only network-visible contacts, with counts that add up', async () => {
    async function countFor(email: string): Promise<{ total: number; statusSum: number }> {
      const page = await suite.newPage();
      await suite.signInAs(page, email);
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
});

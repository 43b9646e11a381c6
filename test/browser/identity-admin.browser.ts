import { expectAccessible } from '../support/browser.js';
import { ANA, invitationToken, mainNav, SECRETARIAT, signOut, useIdentitySuite } from '../support/identity-screens.js';

// Identity screens, administration: invitations, the audit log, and what members may not see.
// The account screens (and enrolling in two-step verification) are in identity-account.browser.ts.
describe('identity screens: administration', () => {
  const suite = useIdentitySuite();

  it('(a) the secretariat invites a member, who accepts, chooses a password and lands signed in', async () => {
    const invitee = 'ana.ionescu@politiaromana.ro.test';
    const page = await suite.newPage();
    await suite.signInAs(page, SECRETARIAT);
    await page.waitForURL(/\/directory$/);
    await mainNav(page).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(/\/admin\/users$/);
    // The demo network has over a hundred accounts: find ours.
    await page.getByRole('searchbox', { name: 'Search users' }).fill('secretariat@');
    await page.getByRole('cell', { name: SECRETARIAT }).waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite someone' });
    await dialog.getByLabel('E-mail address').fill(invitee);
    await dialog.getByLabel('Name (optional)').fill('Ana Ionescu');
    await dialog.getByLabel('Role').selectOption({ label: 'Member' });
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Invitation sent to ${invitee}`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await signOut(page);

    const token = await invitationToken(suite.api, invitee);
    const guest = await suite.newPage();
    await guest.goto(`${suite.api.url}/invitation#token=${token}`);
    await guest.getByRole('heading', { level: 1, name: 'Accept your invitation' }).waitFor();
    await guest.getByText(`This invitation is for ${invitee}.`).waitFor();
    await guest.getByLabel('Display name').fill('Ana Ionescu');
    await guest.getByLabel(/^New password/).fill('password1234567');
    await guest.getByText(/too common/).waitFor();
    await expectAccessible(guest);

    const password = 'violet harbour lantern 42 sings';
    await guest.getByLabel(/^New password/).fill(password);
    await guest.getByText('This password is strong enough.').waitFor();
    await guest.getByLabel(/^Repeat the password/).fill(password);
    await guest.getByRole('button', { name: 'Create my account' }).click();
    await guest.waitForURL(/\/directory$/);
    await guest.getByRole('button', { name: 'Account menu for Ana Ionescu' }).waitFor();
    await mainNav(guest).getByRole('link', { name: 'Directory' }).waitFor();
    expect(await mainNav(guest).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await expectAccessible(guest);

    // The invitation is spent now: the same link says so and points to sign-in.
    const again = await suite.newPage();
    await again.goto(`${suite.api.url}/invitation#token=${token}`);
    await again.getByRole('heading', { level: 1, name: 'Invitation already used' }).waitFor();
    await again.getByRole('link', { name: 'Go to sign in' }).waitFor();
    await expectAccessible(again);
  });

  it('(d) the secretariat reads the audit log and verifies its chain', async () => {
    const page = await suite.newPage();
    await suite.signInAs(page, SECRETARIAT);
    await page.waitForURL(/\/directory$/);
    await page.goto(`${suite.api.url}/admin/audit`);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByRole('cell', { name: 'auth.login.succeeded' }).first().waitFor();
    await expectAccessible(page);

    await page.getByLabel('Action', { exact: true }).fill('auth.login.succeeded');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('cell', { name: 'auth.login.succeeded' }).first().waitFor();
    const actions = await page.getByRole('table').getByRole('row').locator('td:nth-child(3)').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['auth.login.succeeded']));

    await page.getByRole('button', { name: 'Verify chain' }).click();
    const ok = page.getByRole('status').filter({ hasText: 'The audit log is intact' });
    await ok.waitFor();
    expect(await ok.textContent()).toMatch(/\d+ events? checked; none has been altered\./);
    await expectAccessible(page);
  });

  it('(e) a member who opens /admin/users is told it is not for them and sees no list', async () => {
    const page = await suite.newPage();
    // The demo notice lists the seeded accounts; choosing one fills in the form.
    await page.goto(`${suite.api.url}/sign-in`);
    const demo = page.getByRole('note').filter({ hasText: 'Demo workspace' });
    await demo.getByText('Two-step verification is not enforced in this demo.').waitFor();
    await demo.getByRole('button', { name: ANA }).click();
    await expect(page.getByLabel('E-mail').inputValue()).resolves.toBe(ANA);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/directory$/);
    expect(await mainNav(page).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await page.goto(`${suite.api.url}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'You do not have access to this page' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Invite someone' }).count()).toBe(0);
    await expectAccessible(page);
  });
});

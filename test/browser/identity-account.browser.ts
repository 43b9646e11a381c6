import { DEMO_PASSWORD } from '@liaison/identity';
import { expectAccessible } from '../support/browser.js';
import { ANA, ORG_ADMIN, useIdentitySuite } from '../support/identity-screens.js';

// Identity screens, one's own account: sessions, signing in on the way somewhere, name and password.
describe('identity screens: account', () => {
  const suite = useIdentitySuite();

  it('(c) lists the sessions of two browsers and revokes the other one', async () => {
    const first = await suite.newPage();
    const second = await suite.newPage();
    await suite.signInAs(first, ANA);
    await first.waitForURL(/\/directory$/);
    await suite.signInAs(second, ANA);
    await second.waitForURL(/\/directory$/);

    await first.getByRole('button', { name: /^Account menu/ }).click();
    await first.getByRole('menuitem', { name: 'My sessions' }).click();
    await first.waitForURL(/\/account\/sessions$/);
    await first.getByRole('heading', { level: 1, name: 'My sessions' }).waitFor();
    const rows = first.getByRole('table').getByRole('row');
    await first.getByText('2 active sessions').waitFor();
    expect(await rows.count()).toBe(3); // header + 2
    expect(await first.getByText('This device', { exact: true }).count()).toBe(1);
    await expectAccessible(first);

    const other = rows.filter({ hasNotText: 'This device' }).getByRole('button', { name: /^Revoke/ });
    await other.click();
    const dialog = first.getByRole('dialog', { name: 'Revoke this session?' });
    await dialog.waitFor();
    await expectAccessible(first);
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await first.getByText('1 active session', { exact: true }).waitFor();
    expect(await rows.count()).toBe(2);

    // The revoked browser can no longer restore its session and is sent to sign in.
    await second.goto(`${suite.api.url}/account/sessions`);
    await second.waitForURL(/\/sign-in\?next=%2Faccount%2Fsessions$/);
    await second.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expectAccessible(second);
  });

  it('sends signed-out visitors to sign in and back to where they were going', async () => {
    const page = await suite.newPage();
    await page.goto(`${suite.api.url}/account/sessions`);
    await page.waitForURL(/\/sign-in\?next=%2Faccount%2Fsessions$/);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByLabel('E-mail').fill(ANA);
    await page.getByLabel('Password', { exact: true }).fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'The e-mail address or password is not correct' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/account\/sessions$/);
    await page.getByRole('heading', { level: 1, name: 'My sessions' }).waitFor();

    // An off-site next= is ignored.
    const other = await suite.newPage();
    await other.goto(`${suite.api.url}/sign-in?next=${encodeURIComponent('//evil.example/')}`);
    await other.getByLabel('E-mail').fill(ANA);
    await other.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await other.getByRole('button', { name: 'Sign in', exact: true }).click();
    await other.waitForURL(`${suite.api.url}/directory`);
  });

  it('(f) an organisation admin renames himself and changes his password, which signs him out everywhere', async () => {
    const page = await suite.newPage();
    await suite.signInAs(page, ORG_ADMIN);
    await page.waitForURL(/\/directory$/);
    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();

    await page.getByLabel('Display name').fill('Tomasz Kowalczyk (KGP)');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Your name has been saved.').waitFor();
    await expectAccessible(page);

    const newPassword = 'a brand new passphrase for tomasz';
    await page.getByLabel(/^Current password/).fill('this is not my password');
    await page.getByLabel(/^New password/).fill(newPassword);
    await page.getByLabel(/^Repeat the password/).fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your current password is not correct.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');

    await page.getByLabel(/^Current password/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByText('Password changed; sign in again with your new password.').waitFor();
    await expectAccessible(page);

    await page.getByLabel('E-mail').fill(ORG_ADMIN);
    await page.getByLabel('Password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/directory$/);
    expect(await page.getByRole('button', { name: /^Account menu/ }).textContent()).toContain('Tomasz Kowalczyk (KGP)');
  });
});

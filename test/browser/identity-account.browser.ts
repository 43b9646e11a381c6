import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '@liaison/demo';
import { expectAccessible } from '../support/browser.js';
import {
  ANA,
  freshTotp,
  JURGEN,
  ORG_ADMIN,
  signOut,
  totp,
  useIdentitySuite,
  wrongCode,
} from '../support/identity-screens.js';

// Identity screens, one's own account: two-step verification, sessions, signing in on the way somewhere,
// name and password. When a role requires two-step verification: identity-mfa-required.browser.ts.
describe('identity screens: account', () => {
  const suite = useIdentitySuite();

  it('(b) enrols in two-step verification, then passes the challenge at the next sign-in', async () => {
    const page = await suite.newPage();
    await suite.signInAs(page, JURGEN);
    await page.waitForURL(/\/directory$/);
    // Signed in long ago: a first authenticator is added only after the password is proved again.
    await suite.api.app.get(DataSource).query(
      `UPDATE session SET reauthenticated_at = now() - interval '1 hour'
          WHERE user_id = (SELECT id FROM user_account WHERE email = $1)`,
      [JURGEN],
    );
    await page.goto(`${suite.api.url}/account/mfa`);
    await page.getByRole('heading', { level: 1, name: 'Two-step verification' }).waitFor();
    const proof = page.getByRole('dialog', { name: 'Confirm it is you' });
    await proof.getByText(/enter your password again/).waitFor();
    await expectAccessible(page);
    await proof.getByLabel('Password', { exact: true }).fill('not my password');
    await proof.getByRole('button', { name: 'Confirm and continue' }).click();
    await proof.getByText('That password is not correct.').waitFor();
    await proof.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await proof.getByRole('button', { name: 'Confirm and continue' }).click();
    await proof.waitFor({ state: 'hidden' });
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    const secret = (await page.locator('#mfa-secret').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await expectAccessible(page);

    // A wrong code is refused with a message next to the field.
    const codeField = page.getByLabel('6-digit code');
    await codeField.fill(wrongCode(totp(secret)));
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await page.getByText(/That code is not correct/).waitFor();

    await codeField.fill(await freshTotp(secret));
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    const codes = page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Confirm that you have saved your recovery codes.').waitFor();
    await page.getByLabel('I have saved my recovery codes').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/account$/);
    await page.getByText('On', { exact: true }).waitFor();
    await signOut(page);

    await suite.signInAs(page, JURGEN);
    await page.getByRole('heading', { level: 1, name: 'Two-step verification' }).waitFor();
    const challenge = page.getByLabel('6-digit code');
    await expect(challenge.getAttribute('autocomplete')).resolves.toBe('one-time-code');
    await expect(challenge.getAttribute('inputmode')).resolves.toBe('numeric');
    await expectAccessible(page);
    await challenge.fill(await freshTotp(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(/\/directory$/);
    await page.getByRole('button', { name: /^Account menu for/ }).waitFor();
  });

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

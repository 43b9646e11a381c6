import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '@liaison/identity';
import { expectAccessible } from '../support/browser.js';
import {
  freshTotp,
  JURGEN,
  SECRETARIAT,
  signOut,
  totp,
  useIdentitySuite,
  wrongCode,
} from '../support/identity-screens.js';

// Identity screens, two-step verification: enrolling by choice, and when the role requires it.
describe('identity screens: two-step verification', () => {
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
});

describe('identity screens when two-step verification is required', () => {
  const suite = useIdentitySuite({ MFA_REQUIRED: 'privileged' });

  it('keeps the secretariat on enrolment until it is done, then lets recovery codes sign in', async () => {
    const context = await suite.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.api.url}/sign-in`);
      await page.getByLabel('E-mail').fill(SECRETARIAT);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(/\/account\/mfa$/);
      await page.getByText('Your role requires two-step verification.', { exact: false }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(0);
      await expectAccessible(page);

      // Other sections lead back here until enrolment is complete.
      await page.goto(`${suite.api.url}/admin/users`);
      await page.waitForURL(/\/account\/mfa$/);
      const secret = (await page.locator('#mfa-secret').textContent())!.replace(/\s/g, '');
      await page.getByLabel('6-digit code').fill(await freshTotp(secret));
      await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
      const codes = page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
      await codes.first().waitFor();
      const recoveryCodes = (await codes.allTextContents()).map((code) => code.trim());
      expect(recoveryCodes).toHaveLength(10);
      await page.getByLabel('I have saved my recovery codes').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(/\/directory$/);
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Admin' }).waitFor();

      await page.getByRole('button', { name: /^Account menu/ }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in$/);
      await page.getByLabel('E-mail').fill(SECRETARIAT);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Two-step verification' }).waitFor();
      await page.getByLabel('Use a recovery code instead').check();
      await page.getByRole('textbox', { name: 'Recovery code' }).fill('zzzz-zzzz-zz');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByText('That recovery code is not correct or has already been used.').waitFor();
      await expectAccessible(page);
      await page.getByRole('textbox', { name: 'Recovery code' }).fill(recoveryCodes[0]);
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(/\/directory$/);
    } finally {
      await context.close();
    }
  });
});

import { DEMO_PASSWORD } from '@liaison/demo';
import { expectAccessible } from '../support/browser.js';
import { freshTotp, SECRETARIAT, useIdentitySuite } from '../support/identity-screens.js';

// Identity screens when a role requires two-step verification (enrolling by choice is in
// identity-account.browser.ts).
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

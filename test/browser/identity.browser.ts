import { createHmac } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '@liaison/identity';
import { expectAccessible, launchBrowser, submitSignIn } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// The demo seed's accounts (DEMO=true relaxes two-step verification for them).
const SECRETARIAT = 'secretariat@liaison.test';
const ANA = 'ana.ionescu@liaison.test';
const JURGEN = 'jurgen.mueller@liaison.test';
const ORG_ADMIN = 'orgadmin.pl@liaison.test';

describe('identity screens', () => {
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
    const context = await browser.newContext({ locale: 'en-GB' });
    contexts.push(context);
    return context.newPage();
  }

  const signInAs = (page: Page, email: string, password = DEMO_PASSWORD) =>
    submitSignIn(page, api.url, email, password);

  async function signOut(page: Page): Promise<void> {
    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  }

  const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });

  it('(a) the secretariat invites a member, who accepts, chooses a password and lands signed in', async () => {
    const invitee = 'ana.ionescu@politiaromana.ro.test';
    const page = await newPage();
    await signInAs(page, SECRETARIAT);
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

    const token = await invitationToken(api, invitee);
    const guest = await newPage();
    await guest.goto(`${api.url}/invitation#token=${token}`);
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
    const again = await newPage();
    await again.goto(`${api.url}/invitation#token=${token}`);
    await again.getByRole('heading', { level: 1, name: 'Invitation already used' }).waitFor();
    await again.getByRole('link', { name: 'Go to sign in' }).waitFor();
    await expectAccessible(again);
  });

  it('(b) enrols in two-step verification, then passes the challenge at the next sign-in', async () => {
    const page = await newPage();
    await signInAs(page, JURGEN);
    await page.waitForURL(/\/directory$/);
    // Signed in long ago: a first authenticator is added only after the password is proved again.
    await api.app.get(DataSource).query(
      `UPDATE session SET reauthenticated_at = now() - interval '1 hour'
          WHERE user_id = (SELECT id FROM user_account WHERE email = $1)`,
      [JURGEN],
    );
    await page.goto(`${api.url}/account/mfa`);
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

    await signInAs(page, JURGEN);
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
    const first = await newPage();
    const second = await newPage();
    await signInAs(first, ANA);
    await first.waitForURL(/\/directory$/);
    await signInAs(second, ANA);
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
    await second.goto(`${api.url}/account/sessions`);
    await second.waitForURL(/\/sign-in\?next=%2Faccount%2Fsessions$/);
    await second.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expectAccessible(second);
  });

  it('(d) the secretariat reads the audit log and verifies its chain', async () => {
    const page = await newPage();
    await signInAs(page, SECRETARIAT);
    await page.waitForURL(/\/directory$/);
    await page.goto(`${api.url}/admin/audit`);
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
    const page = await newPage();
    // The demo notice lists the seeded accounts; choosing one fills in the form.
    await page.goto(`${api.url}/sign-in`);
    const demo = page.getByRole('note').filter({ hasText: 'Demo workspace' });
    await demo.getByText('Two-step verification is not enforced in this demo.').waitFor();
    await demo.getByRole('button', { name: ANA }).click();
    await expect(page.getByLabel('E-mail').inputValue()).resolves.toBe(ANA);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/directory$/);
    expect(await mainNav(page).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await page.goto(`${api.url}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'You do not have access to this page' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Invite someone' }).count()).toBe(0);
    await expectAccessible(page);
  });

  it('sends signed-out visitors to sign in and back to where they were going', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/account/sessions`);
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
    const other = await newPage();
    await other.goto(`${api.url}/sign-in?next=${encodeURIComponent('//evil.example/')}`);
    await other.getByLabel('E-mail').fill(ANA);
    await other.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await other.getByRole('button', { name: 'Sign in', exact: true }).click();
    await other.waitForURL(`${api.url}/directory`);
  });

  it('(f) an organisation admin renames himself and changes his password, which signs him out everywhere', async () => {
    const page = await newPage();
    await signInAs(page, ORG_ADMIN);
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

describe('identity screens when two-step verification is required', () => {
  let api: TestApi;
  let browser: Browser;

  beforeAll(async () => {
    api = await startTestApi({ DEMO: 'true', MFA_REQUIRED: 'privileged' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('keeps the secretariat on enrolment until it is done, then lets recovery codes sign in', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    try {
      await page.goto(`${api.url}/sign-in`);
      await page.getByLabel('E-mail').fill(SECRETARIAT);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(/\/account\/mfa$/);
      await page.getByText('Your role requires two-step verification.', { exact: false }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(0);
      await expectAccessible(page);

      // Other sections lead back here until enrolment is complete.
      await page.goto(`${api.url}/admin/users`);
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

/** The invitation token from the .eml in the outbox (quoted-printable soft breaks undone). */
async function invitationToken(api: TestApi, email: string): Promise<string> {
  const dir = join(api.dataDir, 'outbox');
  const until = Date.now() + 10_000;
  for (;;) {
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const file of files.filter((name) => name.endsWith('.eml'))) {
      const text = (await readFile(join(dir, file), 'utf8')).replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
      const match = text.includes(email) ? /\/invitation#token=([A-Za-z0-9_-]+)/.exec(text) : null;
      if (match) return match[1];
    }
    if (Date.now() > until) throw new Error(`no invitation e-mail to ${email} in ${dir}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits), as an authenticator app computes it.
const STEP_MS = 30_000;
let lastCounter = -1;

function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of input.replace(/[\s=]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

function totp(secret: string, counter = Math.floor(Date.now() / STEP_MS)): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hash = createHmac('sha1', base32Decode(secret)).update(message).digest();
  const offset = hash[hash.length - 1] & 0x0f;
  const binary = hash.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/**
 * A code from a time step not used before in this run (servers refuse a replayed code), and not
 * in the last two seconds of its step, so it is still valid when it arrives.
 */
async function freshTotp(secret: string): Promise<string> {
  for (;;) {
    const now = Date.now();
    const counter = Math.floor(now / STEP_MS);
    const leftInStep = (counter + 1) * STEP_MS - now;
    if (counter > lastCounter && leftInStep > 2_000) {
      lastCounter = counter;
      return totp(secret, counter);
    }
    await new Promise((resolve) => setTimeout(resolve, leftInStep + 100));
  }
}

function wrongCode(code: string): string {
  return code.replace(/^./, (digit) => String((Number(digit) + 5) % 10));
}

import { createHmac } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@liaison/demo';
import { submitSignIn } from './browser.js';
import { type BrowserSuite, useBrowserSuite } from './browser-suite.js';
import type { TestApi } from './test-api.js';

// What the identity screens' browser specs (test/browser/identity-*.browser.ts) share.

// The demo seed's accounts (DEMO=true relaxes two-step verification for them).
export const SECRETARIAT = 'secretariat@liaison.test';
export const ANA = 'ana.ionescu@liaison.test';
export const JURGEN = 'jurgen.mueller@liaison.test';
export const ORG_ADMIN = 'orgadmin.pl@liaison.test';

export interface IdentitySuite extends BrowserSuite {
  /** Opens the sign-in page and submits the form; what follows is for the caller to check. */
  signInAs(page: Page, email: string, password?: string): Promise<void>;
}

/** The demo workspace's API (with `env` on top) and a browser for the enclosing describe. */
export function useIdentitySuite(env: Record<string, string> = {}): IdentitySuite {
  const suite = useBrowserSuite({ DEMO: 'true', ...env }, { locale: 'en-GB' });
  return {
    get api() {
      return suite.api;
    },
    get browser() {
      return suite.browser;
    },
    newPage: () => suite.newPage(),
    signInAs: (page, email, password = DEMO_PASSWORD) => submitSignIn(page, suite.api.url, email, password),
  };
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in$/);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
}

export const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });

/** The invitation token from the .eml in the outbox (quoted-printable soft breaks undone). */
export async function invitationToken(api: TestApi, email: string): Promise<string> {
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

export function totp(secret: string, counter = Math.floor(Date.now() / STEP_MS)): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hash = createHmac('sha1', base32Decode(secret)).update(message).digest();
  const offset = hash[hash.length - 1] & 0x0f;
  const binary = hash.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/**
 * A code from a time step not used before in this spec file (servers refuse a replayed code), and
 * not in the last two seconds of its step, so it is still valid when it arrives.
 */
export async function freshTotp(secret: string): Promise<string> {
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

export function wrongCode(code: string): string {
  return code.replace(/^./, (digit) => String((Number(digit) + 5) % 10));
}

import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { DEMO_CONTACT_IDS, DEMO_PASSWORD } from '@liaison/demo';
import { submitSignIn } from './browser.js';
import { type BrowserSuite, useBrowserSuite } from './browser-suite.js';

// What the directory screens' browser specs (test/browser/directory-*.browser.ts) share.

// The demo seed's accounts (DEMO=true relaxes two-step verification for them).
export const SECRETARIAT = 'secretariat@liaison.test';
export const ANA = 'ana.ionescu@liaison.test';
export const JURGEN = 'jurgen.mueller@liaison.test';
export const ORG_ADMIN = 'orgadmin.pl@liaison.test';
export const THIJS = 'thijs.devries@polderhost.nl.test';

// Fixed ids of the demo network's named people (libs/demo/src/fixtures/demo-network.ts).
export const JURGEN_ID = DEMO_CONTACT_IDS.jurgenMueller;
export const LUKASZ_ID = DEMO_CONTACT_IDS.lukaszKowalski;
export const CYPRUS_PRIMARY_ID = DEMO_CONTACT_IDS.cyprusVictimIdPrimary;
export const SLOVAK_STALE_ID = DEMO_CONTACT_IDS.slovakStaleContact;
export const TOMASZ_ID = DEMO_CONTACT_IDS.tomaszKowalczyk;

export interface DirectorySuite extends BrowserSuite {
  /** Signs in through the form and waits for the directory. */
  signInAs(page: Page, email: string): Promise<void>;
  /** A bearer header for API calls the test makes itself (setting the scene, not what is tested). */
  tokenOf(email: string): Promise<Record<string, string>>;
}

/** The demo workspace's API and a browser for the enclosing describe, with the directory's helpers. */
export function useDirectorySuite(): DirectorySuite {
  const suite = useBrowserSuite(
    { DEMO: 'true' },
    { locale: 'en-GB', timezoneId: 'Europe/Bucharest', acceptDownloads: true },
  );
  return {
    get api() {
      return suite.api;
    },
    get browser() {
      return suite.browser;
    },
    newPage: () => suite.newPage(),
    async signInAs(page, email) {
      await submitSignIn(page, suite.api.url, email);
      await page.waitForURL(/\/directory$/);
      await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
    },
    async tokenOf(email) {
      const login = await suite.api.json('POST', '/api/v1/auth/login', { email, password: DEMO_PASSWORD });
      expect(login.status).toBe(200);
      return { authorization: `Bearer ${login.body.accessToken}` };
    },
  };
}

/** The text of the file a click downloads. */
export async function downloadedText(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** A directory search result, by the contact's name. */
export const resultCard = (page: Page, name: string) =>
  page
    .getByRole('region', { name: /^(Contacts|Kontakty)$/ })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name, exact: true }) });

/** The token of the confirmation link in an e-mail. */
export function confirmToken(mail: string): string {
  const match = /\/confirm#token=([A-Za-z0-9_-]+)/.exec(mail);
  if (!match) throw new Error('no confirmation link in the e-mail');
  return match[1]!;
}

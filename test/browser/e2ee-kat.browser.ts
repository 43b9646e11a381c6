import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { PROJECT_ROOT } from '@liaison/core';
import { KAT_FILES, type KatVectors } from '@liaison/e2ee';
import { countMlsCases, MLS_VECTOR_FILES, mlsSuiteName } from '../../libs/e2ee/src/kat/mls-vectors.js';
import { launchBrowser } from '../support/browser.js';
import { aUser } from '../support/identity.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

const MLS_VECTORS = join(PROJECT_ROOT, 'libs/e2ee/src/kat/vectors/mls');
/** Every case of every file is run: as many results per file as the file has cases. */
const expectedMlsCounts = Object.fromEntries(
  Object.values(MLS_VECTOR_FILES).map((file) => [
    mlsSuiteName(file),
    countMlsCases(file, JSON.parse(readFileSync(join(MLS_VECTORS, file), 'utf8'))),
  ]),
);

const vectors = Object.fromEntries(
  Object.entries(KAT_FILES).map(([key, file]) => [
    key,
    JSON.parse(readFileSync(join(PROJECT_ROOT, 'libs/e2ee/src/kat/vectors', file), 'utf8')),
  ]),
) as KatVectors;

describe('the protocol library inside Chromium', () => {
  let api: TestApi;
  let browser: Browser;
  beforeAll(async () => {
    await promisify(execFile)(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'test/browser/kat/kat.vite.config.mjs'],
      { cwd: PROJECT_ROOT },
    );
    api = await startTestApi();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /**
   * A page on the API's origin (a secure context, as the web client has), answered by the
   * browser itself: the bundle, the MLS vector files and a page that loads the bundle.
   */
  async function katPage() {
    const page = await (await browser.newContext()).newPage();
    await page.route(`${api.url}/kat/**`, (route) => {
      const name = basename(new URL(route.request().url()).pathname);
      if (name.endsWith('.js'))
        return route.fulfill({ contentType: 'text/javascript', path: join(PROJECT_ROOT, 'dist/kat', name) });
      if (name.endsWith('.json'))
        return route.fulfill({ contentType: 'application/json', path: join(MLS_VECTORS, name) });
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><script type="module" src="kat.js"></script>',
      });
    });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${api.url}/kat/index.html`);
    await page.waitForFunction('globalThis.liaisonKat !== undefined', undefined, { timeout: 10_000 }).catch(() => {
      throw new Error(`the bundle did not load: ${errors.join('; ')}`);
    });
    return page;
  }

  it('reproduces every known answer and completes an attachment and backup round trip', async () => {
    const page = await katPage();
    const result = (await page.evaluate(`globalThis.liaisonKat.run(${JSON.stringify(vectors)})`)) as {
      count: number;
      failures: string[];
      roundTrip: string[];
    };
    expect(result.failures).toEqual([]);
    expect(result.count).toBe(355);
    expect(result.roundTrip).toEqual(['ça marche', '0']);
  });

  it('runs protocol v2 devices in Chromium against the server: set up, a thread, a message read', async () => {
    const page = await katPage();
    const people = await Promise.all([aUser(api), aUser(api)]);
    const story = await page.evaluate(
      `globalThis.liaisonKat.deviceStory(${JSON.stringify(api.url)}, ${JSON.stringify(
        people.map((p) => ({ id: p.id, token: p.accessToken })),
      )})`,
    );
    expect(story).toEqual(['ça marche dans Chromium']);
  });

  it('passes the IETF MLS test vectors and runs an MLS thread: add, message, remove', async () => {
    const page = await katPage();
    const result = (await page.evaluate(`globalThis.liaisonKat.mls(${JSON.stringify(`${api.url}/kat/mls`)})`)) as {
      bySuite: Record<string, number>;
      failures: string[];
      roundTrip: string[];
    };
    expect(result.failures).toEqual([]);
    expect(result.bySuite).toEqual(expectedMlsCounts);
    expect(result.roundTrip).toEqual(['ça marche', 'removed', 'unknown_epoch']);
  });
});

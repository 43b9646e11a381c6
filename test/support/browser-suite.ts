import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startTestApi, type TestApi } from './test-api.js';

/** What a browser spec file's tests share: its own API (fresh database) and its own Chromium. */
export interface BrowserSuite {
  readonly api: TestApi;
  readonly browser: Browser;
  /** A page in a new browser context, closed after the test. */
  newPage(): Promise<Page>;
}

/**
 * Registers the beforeAll/afterAll/afterEach hooks of the enclosing describe: an API started with
 * `env`, a browser, and contexts (made with `contextOptions`) closed after each test.
 */
export function useBrowserSuite(env: Record<string, string>, contextOptions: BrowserContextOptions): BrowserSuite {
  let api: TestApi | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    api = await startTestApi(env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite has not started (used outside a test?)');
    return value;
  };
  return {
    get api() {
      return started(api);
    },
    get browser() {
      return started(browser);
    },
    async newPage() {
      const context = await started(browser).newContext(contextOptions);
      contexts.push(context);
      return context.newPage();
    },
  };
}

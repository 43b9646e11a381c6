import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@liaison/demo';

export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this network needs (no background traffic). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROME_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Fails on any serious or critical WCAG 2.1 A/AA violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  // A dialog fading in has blended colours: judge contrast once transitions and animations end.
  // Mantine starts a transition two frames after the element appears, so the page must stay
  // settled (nothing animating but spinners) for 150 ms and at least three frames before it is judged.
  await page.evaluate(`(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    let since = performance.now();
    for (let frames = 0; frames < 3 || performance.now() - since < 150; frames++) {
      const running = document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
      if (running.length > 0) {
        await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
        since = performance.now();
        frames = -1;
      }
      await frame();
    }
  })()`);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)}`).join(', ')}`,
    );
  expect(blocking).toEqual([]);
}

/** Opens the sign-in page and submits the form; what follows is for the caller to check. */
export async function submitSignIn(
  page: Page,
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

// The client side of encrypted threads, in Debian's Chromium with the protocol library bundled by
// Vite: protocol v2 (MLS, suite MLS_256_XWING_CHACHA20POLY1305_SHA512_Ed25519) against the issue's
// targets (protocol v1, measured beside it until it was removed, is in docs/benchmarks.md).
//   node bench/e2ee-client.mjs [runs, default 3]
// Each run is a fresh page; the figures are each run's medians, then the median over the runs.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const runs = Number(process.argv[2] ?? 3);

await promisify(execFile)(process.execPath, [
  'node_modules/vite/bin/vite.js',
  'build',
  '--config',
  'test/browser/kat/kat.vite.config.mjs',
]);
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const v2 = [];
try {
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage();
    const origin = 'http://localhost:9/';
    await page.route(`${origin}**`, (route) =>
      route.request().url().endsWith('.js')
        ? route.fulfill({
            contentType: 'text/javascript',
            path: join('dist/kat', new URL(route.request().url()).pathname.split('/').pop()),
          })
        : route.fulfill({
            contentType: 'text/html',
            body: '<!doctype html><script type="module" src="kat.js"></script>',
          }),
    );
    await page.goto(`${origin}index.html`);
    await page.waitForFunction('globalThis.liaisonKat !== undefined');
    v2.push(await page.evaluate('globalThis.liaisonKat.mlsTimings()'));
    await page.close();
  }
} finally {
  await browser.close();
}

const of = (list, key) => median(list.map((r) => r[key]));
const fmt = (ms) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
const rows = [
  ['encrypt one message (median of 200)', of(v2, 'encryptMs'), 1],
  ['decrypt one message (median of 200)', of(v2, 'decryptMs'), 1],
  ['remove one member from a 50-member thread: the commit', of(v2, 'removeMs'), 200],
  ['remove one member: a member processes the commit', of(v2, 'processRemoveMs'), null],
  ['process a Welcome into a 50-member thread', of(v2, 'welcomeMs'), 100],
  ['add 49 members in one commit', of(v2, 'add49Ms'), null],
];
console.log(`Chromium ${browser.version()}, ${runs} runs`);
console.log('| measure | v2 (MLS) | target | met |');
console.log('|---|---|---|---|');
for (const [label, value, target] of rows)
  console.log(
    `| ${label} | ${fmt(value)} | ${target === null ? '' : `≤ ${target} ms`} | ${target === null ? '' : value <= target ? 'yes' : 'NO'} |`,
  );

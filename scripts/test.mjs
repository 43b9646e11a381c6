// `npm test`: builds what the suites run against, then unit, end-to-end and browser suites.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;

if (run(process.execPath, ['scripts/build-server.mjs']) !== 0) process.exit(1);
if (
  run(process.execPath, [
    'node_modules/vite/bin/vite.js',
    'build',
    '--config',
    'apps/web/vite.config.ts',
    '--logLevel',
    'warn',
  ]) !== 0
)
  process.exit(1);

const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
const projects = ['unit', 'e2e'];
if (existsSync(chrome)) {
  projects.push('browser');
} else if (process.env.CI === 'true') {
  console.error(
    `Browser suite cannot run: no Chromium at ${chrome} (set CHROME_PATH or install Debian's chromium). With CI=true this is a failure.`,
  );
  process.exit(1);
} else {
  console.warn(
    `NOTE: the browser suite did not run: no Chromium at ${chrome} (set CHROME_PATH or install Debian's chromium).`,
  );
}

const jestArgs = [
  '--experimental-vm-modules',
  'node_modules/jest/bin/jest.js',
  '--selectProjects',
  ...projects,
  ...process.argv.slice(2),
];
process.exit(run(process.execPath, jestArgs, { ...process.env, NODE_NO_WARNINGS: '1' }));

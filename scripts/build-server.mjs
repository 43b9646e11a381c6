// Compiles the server side (apps/api, apps/worker, libs, migrations) with SWC into dist/.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

for (const dir of ['dist/apps/api', 'dist/apps/worker', 'dist/libs', 'dist/migrations'])
  rmSync(dir, { recursive: true, force: true });
const result = spawnSync(
  'node_modules/.bin/swc',
  [
    'apps/api/src',
    'apps/worker/src',
    'libs',
    'migrations',
    '-d',
    'dist',
    '--config-file',
    '.swcrc',
    '--ignore',
    '**/*.spec.ts',
    '--quiet',
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);

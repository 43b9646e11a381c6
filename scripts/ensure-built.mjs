// The CLI runs compiled code; build the server first when its sources are newer than dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const marker = 'dist/apps/api/src/cli.js';
const sources = Math.max(...['apps/api/src', 'apps/worker/src', 'libs', 'migrations'].filter(existsSync).map(newest));
if (!existsSync(marker) || statSync(marker).mtimeMs < sources) {
  const result = spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

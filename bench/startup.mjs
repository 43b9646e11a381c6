// Measures `npm start`'s server to /health/ready: cold (a new DATA_DIR: initdb, migrations,
// demo seed) against warm (the same DATA_DIR again). Run after `npm run build`:
//   node bench/startup.mjs [runs]
// Prints milliseconds per run, medians, and warm/cold as a ratio measured in this same job.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 3);
const main = 'dist/apps/api/src/main.js';

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function startToReady(dataDir) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const ms = performance.now() - started;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = [];
const warm = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'liaison-bench-'));
  cold.push(await startToReady(dir));
  warm.push(await startToReady(dir));
  rmSync(dir, { recursive: true, force: true });
}
const fmt = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
console.log(`cold start to ready (new DATA_DIR), ms: ${fmt(cold)}; median ${median(cold).toFixed(0)}`);
console.log(`warm restart to ready (same DATA_DIR), ms: ${fmt(warm)}; median ${median(warm).toFixed(0)}`);
console.log(`warm/cold ratio: ${(median(warm) / median(cold)).toFixed(2)}`);

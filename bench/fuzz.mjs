// The long fuzzing run (the suite runs a short one): every body and query DTO with many inputs,
// and every route of the running server with many random bodies, against the real PostgreSQL.
//   node bench/fuzz.mjs [inputs per DTO, default 10000] [bodies per route, default 50] [seed]
// Prints how many inputs were tried and how many were not answered with a 400 (must be 0), and
// how many requests answered a 5xx (must be 0).
import { spawn } from 'node:child_process';

const [runs = '10000', httpRuns = '50', seed = String(Date.now() % 2 ** 31)] = process.argv.slice(2);
const child = spawn(
  process.execPath,
  [
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    '--selectProjects',
    'e2e',
    '--testPathPatterns',
    'test/e2e/input-fuzz',
  ],
  {
    env: { ...process.env, FUZZ_RUNS: runs, FUZZ_HTTP_RUNS: httpRuns, FUZZ_SEED: seed },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
let output = '';
child.stdout.on('data', (d) => (output += d));
child.stderr.on('data', (d) => (output += d));
const started = performance.now();
child.on('exit', (code) => {
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  for (const line of output.split('\n')) if (/fuzzing|✓|✕|Tests:/.test(line)) console.log(line.trim());
  console.log(`seed ${seed}, ${seconds} s, exit ${code}`);
  process.exit(code ?? 1);
});

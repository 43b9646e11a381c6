// The long fuzzing run (the suite runs a short one): every body and query DTO with many inputs,
// every route of the running server with many random bodies, and every socket event with many
// payloads through a real socket.io client, then many malformed socket.io frames, against the
// real PostgreSQL.
//   node bench/fuzz.mjs [inputs per DTO, default 10000] [bodies per route, default 50] [seed]
//                       [payloads per socket event, default 5000] [socket frames, default 5000]
// Prints how many inputs were tried and how many were not answered with a 400 (must be 0), how
// many requests answered a 5xx (must be 0), and per socket event how many payloads were tried and
// how they were answered (every one a success or a 4xx, none slow, the server up after).
import { spawn } from 'node:child_process';

const [
  runs = '10000',
  httpRuns = '50',
  seed = String(Date.now() % 2 ** 31),
  socketRuns = '5000',
  socketFrames = '5000',
] = process.argv.slice(2);
const child = spawn(
  process.execPath,
  [
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    '--selectProjects',
    'e2e',
    '--testPathPatterns',
    'test/e2e/(input|socket-input)-fuzz',
  ],
  {
    env: {
      ...process.env,
      FUZZ_RUNS: runs,
      FUZZ_HTTP_RUNS: httpRuns,
      FUZZ_SEED: seed,
      FUZZ_SOCKET_RUNS: socketRuns,
      FUZZ_SOCKET_FRAMES: socketFrames,
    },
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

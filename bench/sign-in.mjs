// Sign-in latency: POST /api/v1/auth/login (Argon2id verify, throttle checks, session, audit
// event, JWT) against a baseline of GET /health/live on the same server, sequentially.
// Run after `npm run build`:  node bench/sign-in.mjs [requests]
// Uses DATABASE_URL (+ JWT_SECRET, TOKEN_PEPPER) when set, else the embedded PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi } from '../dist/apps/api/src/api-app.js';

const requests = Number(process.argv[2] ?? 200);
const dataDir = mkdtempSync(join(tmpdir(), 'liaison-bench-signin-'));
const api = await startApi({
  ...process.env,
  DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  DEMO: 'true',
  // One address signs in hundreds of times a minute, past the anonymous write limit (300): raised,
  // not off, so the limiter's own cost stays in the figures.
  ANONYMOUS_WRITES_PER_MINUTE: '1000000',
});

async function time(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const login = async () => {
  const res = await fetch(`${api.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ana.ionescu@liaison.test', password: 'demo-password-liaison-2026' }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  await res.arrayBuffer();
};
const live = async () => {
  const res = await fetch(`${api.url}/health/live`);
  await res.arrayBuffer();
};

try {
  for (let i = 0; i < 10; i++) await login(); // warm-up
  const baseline = [];
  const signIn = [];
  for (let i = 0; i < requests; i++) {
    baseline.push(await time(live));
    signIn.push(await time(login));
  }
  const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms`;
  console.log(
    `requests: ${requests} each, sequential, ${process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : 'embedded PostgreSQL'}`,
  );
  console.log(`baseline GET /health/live: ${fmt(baseline)}`);
  console.log(`POST /auth/login:          ${fmt(signIn)}`);
  console.log(`ratio sign-in/baseline p50: ${(pct(signIn, 50) / pct(baseline, 50)).toFixed(1)}x`);
} finally {
  await api.close();
  rmSync(dataDir, { recursive: true, force: true });
}

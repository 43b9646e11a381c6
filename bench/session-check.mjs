// What the live-session check of every authenticated request costs a person: GET /api/v1/me
// (signature check, session check, the account read) against GET /health/live on the same
// server, sequentially, and the session-check statement alone through `pg` in the same process.
// Run after `npm run build`:  node bench/session-check.mjs [requests, default 2000]
// Uses DATABASE_URL (+ JWT_SECRET, TOKEN_PEPPER) when set, else the embedded PostgreSQL.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startApi } from '../dist/apps/api/src/api-app.js';

const requests = Number(process.argv[2] ?? 2000);
const dataDir = mkdtempSync(join(tmpdir(), 'liaison-bench-session-'));
const api = await startApi({
  ...process.env,
  DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  DEMO: 'true',
  ANONYMOUS_WRITES_PER_MINUTE: '1000000',
  WRITES_PER_MINUTE: '1000000',
});
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(2)} ms, p95 ${pct(xs, 95).toFixed(2)} ms`;
async function time(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

// The statement the check runs, as the repository writes it out (queries/identity/sessions.sql).
const statement = /-- SessionsRepository\.activeSessionUser\n([\s\S]*?);\n/.exec(
  readFileSync(new URL('../queries/identity/sessions.sql', import.meta.url), 'utf8'),
)?.[1];
if (!statement) throw new Error('no session-check statement in queries/identity/sessions.sql');

const client = new pg.Client({ connectionString: api.runtime.config.databaseUrl });
try {
  const signIn = await fetch(`${api.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ana.ionescu@liaison.test', password: 'demo-password-liaison-2026' }),
  });
  const { accessToken } = await signIn.json();
  if (!accessToken) throw new Error(`sign-in answered ${signIn.status}`);
  const sid = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).sid;
  const me = async () => {
    const res = await fetch(`${api.url}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    if (res.status !== 200) throw new Error(`GET /me answered ${res.status}`);
    await res.arrayBuffer();
  };
  const live = async () => (await fetch(`${api.url}/health/live`)).arrayBuffer();
  await client.connect();
  const check = () => client.query({ name: 'bench-session-check', text: statement, values: [sid] });

  for (let i = 0; i < 200; i++) await Promise.all([me(), live(), check()]); // warm-up
  const [baseline, authenticated, alone] = [[], [], []];
  for (let i = 0; i < requests; i++) {
    baseline.push(await time(live));
    authenticated.push(await time(me));
    alone.push(await time(check));
  }
  console.log(`requests: ${requests} each, sequential, one client`);
  console.log(`baseline GET /health/live:          ${fmt(baseline)}`);
  console.log(`GET /api/v1/me:                     ${fmt(authenticated)}`);
  console.log(`session-check statement via pg:    ${fmt(alone)}`);
  console.log(`ratio /me over baseline, p50:       ${(pct(authenticated, 50) / pct(baseline, 50)).toFixed(2)}x`);
  console.log(`session check's share of /me, p50:  ${((100 * pct(alone, 50)) / pct(authenticated, 50)).toFixed(0)} %`);
} finally {
  await client.end().catch(() => {});
  await api.close();
  rmSync(dataDir, { recursive: true, force: true });
}

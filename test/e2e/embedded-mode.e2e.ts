import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, PROJECT_ROOT } from '@liaison/core';

// These tests run the built program (`npm test` builds it first) as a user would: `npm start`
// with no environment but a DATA_DIR and a port.
const MAIN = join(PROJECT_ROOT, 'dist/apps/api/src/main.js');

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn' };
  return { ...env, ...extra };
}

/** Starts the program, keeping what it writes to stderr for the failure message. */
function start(env: NodeJS.ProcessEnv): ChildProcess & { stderrText: () => string } {
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return Object.assign(child, { stderrText: () => stderr });
}

async function waitReady(port: number, child: ChildProcess & { stderrText?: () => string }, ms = 60000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${child.stderrText?.() ?? ''}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('not ready in time');
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

describe('embedded mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'liaison-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start with invalid configuration, naming every bad variable', () => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: cleanEnv({ PORT: 'http', DATABASE_URL: 'mysql://db', SMTP_URL: 'mail.example.org' }),
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    for (const name of ['PORT', 'DATABASE_URL', 'SMTP_URL']) expect(result.stderr).toContain(`${name}:`);
  });

  it('starts on its own PostgreSQL, survives kill -9, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const env = cleanEnv({ DATA_DIR: dataDir, PORT: String(port) });

    const first = start(env);
    await waitReady(port, first);
    const info = await (await fetch(`http://127.0.0.1:${port}/api/v1/system/info`)).json();
    expect(info).toMatchObject({ mode: 'embedded', demo: true });
    const secrets = readFileSync(join(dataDir, 'secrets.json'), 'utf8');
    first.kill('SIGKILL');
    await exited(first);

    const second = start(env);
    await waitReady(port, second);
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).toBe(secrets);
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });
});

describe('worker process', () => {
  it('refuses to start without Redis and a database, saying why', () => {
    const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist/apps/worker/src/main.js')], {
      env: cleanEnv({}),
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('REDIS_URL: is required by the worker');
  });
});

import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './app-config.js';
import { resolveConfig } from './resolve-config.js';

const secrets = { JWT_SECRET: 'j'.repeat(40), TOKEN_PEPPER: 'p'.repeat(40) };

describe('resolveConfig', () => {
  it('runs embedded with demo data and generated, persistent secrets when nothing is set', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'liaison-config-'));
    const first = resolveConfig({ DATA_DIR: dataDir });
    expect(first.mode).toBe('embedded');
    expect(first.demo).toBe(true);
    expect(first.port).toBe(3000);
    expect(first.secrets.jwtSecret.length).toBeGreaterThanOrEqual(32);
    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveConfig({ DATA_DIR: dataDir }).secrets).toEqual(first.secrets);
    expect(JSON.parse(readFileSync(file, 'utf8')).tokenPepper).toBe(first.secrets.tokenPepper);
  });

  it('lists every invalid variable with its reason in one error', () => {
    let error: unknown;
    try {
      resolveConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'localhost:6379',
        LOG_LEVEL: 'loud',
        JWT_SECRET: 'short',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = Object.fromEntries((error as ConfigError).problems.map((p) => [p.variable, p.reasons.join(' ')]));
    expect(Object.keys(problems).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT', 'REDIS_URL']);
    expect(problems.PORT).toMatch(/whole number/);
    expect(problems.DATABASE_URL).toMatch(/postgres/);
    expect((error as Error).message).toContain('PORT: ');
  });

  it('requires real secrets in server mode instead of inventing them', () => {
    expect(() => resolveConfig({ DATABASE_URL: 'postgres://db/liaison' })).toThrow(
      /JWT_SECRET: is required when DATABASE_URL is set/,
    );
    const config = resolveConfig({ DATABASE_URL: 'postgres://db/liaison', ...secrets });
    expect(config.mode).toBe('server');
    expect(config.demo).toBe(false);
    expect(config.secrets.jwtSecret).toBe(secrets.JWT_SECRET);
  });

  it('keeps jobs in the API without Redis, and hands them to workers with it', () => {
    const base = { DATABASE_URL: 'postgres://db/liaison', ...secrets };
    expect(resolveConfig(base).runJobsInApi).toBe(true);
    expect(resolveConfig({ ...base, REDIS_URL: 'redis://r:6379' }).runJobsInApi).toBe(false);
    expect(resolveConfig({ ...base, REDIS_URL: 'redis://r:6379', RUN_JOBS: 'true' }).runJobsInApi).toBe(true);
  });

  it('limits writes generously by default, takes other limits, and 0 as no limit', () => {
    const base = { DATABASE_URL: 'postgres://db/liaison', ...secrets };
    expect(resolveConfig(base)).toMatchObject({ writesPerMinute: 600, anonymousWritesPerMinute: 300 });
    expect(resolveConfig({ ...base, WRITES_PER_MINUTE: '0', ANONYMOUS_WRITES_PER_MINUTE: '20' })).toMatchObject({
      writesPerMinute: 0,
      anonymousWritesPerMinute: 20,
    });
    expect(() => resolveConfig({ ...base, WRITES_PER_MINUTE: 'many' })).toThrow(
      /WRITES_PER_MINUTE: .*must be a whole number/,
    );
    expect(() => resolveConfig({ ...base, ANONYMOUS_WRITES_PER_MINUTE: '-1' })).toThrow(/ANONYMOUS_WRITES_PER_MINUTE/);
  });

  it('trims a trailing slash from PUBLIC_URL and derives it from PORT otherwise', () => {
    const base = { DATABASE_URL: 'postgres://db/liaison', ...secrets };
    expect(resolveConfig({ ...base, PUBLIC_URL: 'https://liaison.example.org/' }).publicUrl).toBe(
      'https://liaison.example.org',
    );
    expect(resolveConfig({ ...base, PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import { startApi, type RunningApi } from '../../apps/api/src/api-app.js';
import { createTestDatabase } from './test-database.js';

export interface TestApi extends RunningApi {
  dataDir: string;
  databaseUrl: string;
  /** fetch() against the API's origin. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Another API instance on the same database and DATA_DIR (scale-out tests). */
  startSibling(): Promise<RunningApi>;
  /** JSON request helper: returns status and parsed body. */
  json<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T; headers: Headers }>;
}

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-the-validator';

/**
 * The real API on its own freshly cloned database, listening on a free port. Uses the run's
 * Redis when REDIS_URL is set, and a temporary DATA_DIR.
 */
export async function startTestApi(
  overrides: Record<string, string> = {},
  extraImports: DynamicModule['imports'] = [],
): Promise<TestApi> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'liaison-api-'));
  const env = {
    DATABASE_URL: database.url,
    JWT_SECRET: TEST_SECRET,
    TOKEN_PEPPER: `${TEST_SECRET}-pepper`,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DEMO: 'false',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, RUN_JOBS: 'true' } : {}),
    ...overrides,
  };
  const api = await startApi(env, { extraImports });
  const fetchApi = (path: string, init?: RequestInit) => fetch(`${api.url}${path}`, init);
  return {
    ...api,
    dataDir,
    databaseUrl: database.url,
    fetch: fetchApi,
    startSibling: () => startApi(env, { extraImports }),
    async json(method, path, body, headers = {}) {
      const response = await fetchApi(path, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
    },
    async close() {
      await api.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

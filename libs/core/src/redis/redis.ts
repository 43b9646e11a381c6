import { Redis } from 'ioredis';

/** Injection token for the shared Redis client; its value is null when REDIS_URL is unset. */
export const REDIS = Symbol('REDIS');

export type RedisClient = Redis;

/**
 * Names what instances of one workspace share on Redis (the job queue, socket.io channels):
 * processes on the same database share it; other workspaces or parallel test runs on the same
 * Redis never see each other's jobs or broadcasts.
 */
export function workspaceKey(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `liaison-${url.hostname}-${url.port || 5432}-${url.pathname.slice(1) || 'postgres'}`.replace(
    /[^A-Za-z0-9_-]/g,
    '_',
  );
}

/** A Redis client suitable for BullMQ and the socket.io adapter (no per-request retry cap). */
export function createRedisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

import { Redis } from 'ioredis';

/** Injection token for the shared Redis client; its value is null when REDIS_URL is unset. */
export const REDIS = Symbol('REDIS');

export type RedisClient = Redis;

/** A Redis client suitable for BullMQ and the socket.io adapter (no per-request retry cap). */
export function createRedisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

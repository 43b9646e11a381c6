import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import { createRedisClient, type RedisClient } from '../redis/redis.js';

/**
 * socket.io for every gateway: same-origin only, bounded payloads, and with REDIS_URL the Redis
 * adapter, so a room broadcast reaches sockets on every API instance of the same workspace.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly clients: RedisClient[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string | undefined,
    private readonly channelPrefix: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: 1_000_000,
      cors: { origin: false },
      serveClient: false,
    } as ServerOptions) as Server;
    if (this.redisUrl) {
      const pub = createRedisClient(this.redisUrl);
      const sub = pub.duplicate();
      this.clients.push(pub, sub);
      server.adapter(createAdapter(pub, sub, { key: this.channelPrefix }));
    }
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.allSettled(this.clients.map((c) => c.quit()));
  }
}

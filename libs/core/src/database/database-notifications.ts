import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import type { Logger } from 'pino';
import { AppConfig } from '../config/resolve-config.js';
import { LOGGER } from '../logging/logger.js';

/** What a listener hears: a notification, or that some may have been missed (the connection was lost). */
export interface NotificationListener {
  notified(payload: string): void;
  /** Notifications may have been missed: whatever was derived from them must be dropped. */
  missed(): void;
}

const RETRY_MS = [250, 1000, 5000, 15_000];
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
const PROBE_EVERY_MS = 30_000;
const PROBE_TIMEOUT_MS = 10_000;

/**
 * PostgreSQL's LISTEN/NOTIFY on one connection of its own, opened with the first listener. A
 * notification is sent when its transaction commits, to every instance listening, which makes it
 * the signal for caches that must follow committed changes whoever made them (this instance,
 * another API instance, the CLI, an operator's SQL). When the connection is lost, every listener
 * is told it may have missed notifications, and `listening` is false until it is back: a cache
 * keeps nothing meanwhile.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationShutdown {
  private readonly listeners = new Map<string, Set<NotificationListener>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  /** The current client is connected. */
  private connected = false;
  /** Channels LISTENed to on the current client. */
  private heard = new Set<string>();
  /** LISTENs run one after the other. */
  private syncing: Promise<void> = Promise.resolve();
  private ready = false;
  private attempt = 0;
  private retry: NodeJS.Timeout | null = null;
  private probe: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Whether notifications are being received now (connected, every channel listened to). */
  get listening(): boolean {
    return this.ready;
  }

  /** Starts listening on `channel`; returns the function that stops. */
  listen(channel: string, listener: NotificationListener): () => void {
    if (!CHANNEL.test(channel)) throw new Error(`Not a channel name: ${channel}`);
    const set = this.listeners.get(channel) ?? new Set();
    this.listeners.set(channel, set.add(listener));
    // Not heard until LISTEN has run on the connection.
    if (!this.heard.has(channel)) this.ready = false;
    if (this.client) this.sync(this.client);
    else this.connect();
    return () => set.delete(listener);
  }

  private connect(): void {
    if (this.client || this.closed || !this.config.databaseUrl) return;
    const client = new pg.Client({
      connectionString: this.config.databaseUrl,
      application_name: 'liaison-listen',
      keepAlive: true,
    });
    this.client = client;
    this.connected = false;
    this.heard = new Set();
    client.on('error', (err) => this.lost(err, client));
    client.on('end', () => this.lost(new Error('connection ended'), client));
    client.on('notification', (n) => {
      for (const l of this.listeners.get(n.channel) ?? []) l.notified(n.payload ?? '');
    });
    this.connecting = (async () => {
      try {
        await client.connect();
      } catch (err) {
        this.lost(err as Error, client);
        return;
      } finally {
        this.connecting = null;
      }
      if (this.client !== client) return;
      this.connected = true;
      if (this.attempt > 0) this.logger.info('listening to database notifications again');
      this.attempt = 0;
      this.watch(client);
      this.sync(client);
    })();
  }

  /**
   * LISTENs to every channel not listened to yet on this client; `listening` is false meanwhile.
   * Whatever was committed before LISTEN took effect was not heard, so listeners are told.
   */
  private sync(client: pg.Client): void {
    this.syncing = this.syncing.then(async () => {
      if (this.client !== client || !this.connected) return;
      const missing = [...this.listeners.keys()].filter((channel) => !this.heard.has(channel));
      if (missing.length === 0) return;
      this.ready = false;
      try {
        for (const channel of missing) {
          await client.query(`LISTEN ${channel}`);
          this.heard.add(channel);
        }
      } catch (err) {
        this.lost(err as Error, client);
        return;
      }
      if (this.client !== client) return;
      this.ready = true;
      this.tellMissed();
    });
  }

  /**
   * A connection can die without a word (a half-open TCP connection behind a firewall): a query
   * every 30 seconds that must answer within 10 proves it is alive, or it is replaced.
   */
  private watch(client: pg.Client): void {
    this.probe = setInterval(() => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 10 s')), PROBE_TIMEOUT_MS);
      });
      Promise.race([client.query('SELECT 1'), timeout])
        .catch((err: Error) => this.lost(err, client))
        .finally(() => clearTimeout(timer));
    }, PROBE_EVERY_MS);
    this.probe.unref();
  }

  private lost(err: Error, client: pg.Client): void {
    if (this.client !== client) return;
    const wasReady = this.ready;
    this.ready = false;
    this.connected = false;
    this.client = null;
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.closed) return;
    if (wasReady) this.tellMissed();
    const delay = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)];
    this.attempt += 1;
    this.logger.warn({ err: err.message, retryInMs: delay }, 'the database notification connection was lost');
    this.retry ??= setTimeout(() => {
      this.retry = null;
      this.connect();
    }, delay);
    this.retry.unref();
  }

  private tellMissed(): void {
    for (const set of this.listeners.values()) for (const l of set) l.missed();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.ready = false;
    if (this.retry) clearTimeout(this.retry);
    if (this.probe) clearInterval(this.probe);
    await this.connecting;
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}

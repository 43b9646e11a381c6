import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { createRedisClient } from '../redis/redis.js';
import { type EnqueueOptions, JobQueue } from './job-queue.js';

/** Jobs in Redis through BullMQ; only processes created with `runsJobs` take them. */
export class BullMqJobQueue extends JobQueue {
  private readonly queue: Queue;
  private worker?: Worker;
  private readonly connections = [createRedisClient(this.redisUrl)];

  constructor(
    private readonly redisUrl: string,
    private readonly logger: Logger,
    private readonly runsJobs: boolean,
    private readonly queueName: string,
  ) {
    super();
    this.queue = new Queue(queueName, { connection: this.connections[0] });
  }

  async enqueue<T>(name: string, data: T, options: EnqueueOptions = {}): Promise<void> {
    await this.queue.add(name, data, {
      delay: options.delayMs,
      // BullMQ reserves `:` in custom ids (it refuses most ids containing one).
      jobId: options.jobId?.replace(/:/g, '.'),
      attempts: options.attempts ?? 5,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    });
  }

  async repeat(name: string, everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(name, { every: everyMs }, { name, data: {}, opts: { attempts: 1 } });
  }

  async stopRepeating(name: string): Promise<void> {
    await this.queue.removeJobScheduler(name);
  }

  async start(): Promise<void> {
    if (!this.runsJobs || this.worker) return;
    const connection = createRedisClient(this.redisUrl);
    this.connections.push(connection);
    this.worker = new Worker(
      this.queueName,
      async (job) => {
        const handler = this.handlers.get(job.name);
        if (!handler) throw new Error(`No handler for job "${job.name}"`);
        await handler(job.data);
      },
      { connection, concurrency: 4 },
    );
    this.worker.on('failed', (job, err) =>
      this.logger.warn({ err, job: job?.name, attempt: job?.attemptsMade }, 'job failed'),
    );
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await Promise.allSettled(this.connections.map((c) => c.quit()));
  }
}

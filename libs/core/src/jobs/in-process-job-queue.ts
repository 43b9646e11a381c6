import type { Logger } from 'pino';
import { type EnqueueOptions, JobQueue } from './job-queue.js';

const BASE_BACKOFF_MS = 500;

/** Jobs run in this process, with retries; what is pending at shutdown is awaited. */
export class InProcessJobQueue extends JobQueue {
  private readonly timers = new Map<NodeJS.Timeout, { dueAt: number; run: () => void }>();
  private readonly running = new Set<Promise<void>>();
  private readonly knownIds = new Set<string>();
  private closed = false;
  private readonly intervals = new Set<NodeJS.Timeout>();

  constructor(private readonly logger: Logger) {
    super();
  }

  async enqueue<T>(name: string, data: T, options: EnqueueOptions = {}): Promise<void> {
    if (this.closed) throw new Error('The job queue is closed');
    if (!this.handlers.has(name)) throw new Error(`No handler for job "${name}"`);
    if (options.jobId) {
      if (this.knownIds.has(options.jobId)) return;
      this.knownIds.add(options.jobId);
    }
    this.schedule(name, data, options.delayMs ?? 0, 1, options.attempts ?? 5, options.jobId);
  }

  private schedule(name: string, data: unknown, delayMs: number, attempt: number, attempts: number, jobId?: string) {
    const start = () => {
      this.timers.delete(timer);
      const run = this.runOnce(name, data, attempt, attempts, jobId).finally(() => this.running.delete(run));
      this.running.add(run);
    };
    const timer = setTimeout(start, delayMs);
    this.timers.set(timer, { dueAt: Date.now() + delayMs, run: start });
  }

  private async runOnce(name: string, data: unknown, attempt: number, attempts: number, jobId?: string) {
    try {
      await this.handlers.get(name)!(data);
      if (jobId) this.knownIds.delete(jobId);
    } catch (err) {
      if (attempt < attempts && !this.closed) {
        this.logger.warn({ err, job: name, attempt }, 'job failed; retrying');
        this.schedule(name, data, BASE_BACKOFF_MS * 2 ** (attempt - 1), attempt + 1, attempts, jobId);
      } else {
        this.logger.error({ err, job: name, attempt }, 'job failed; giving up');
        if (jobId) this.knownIds.delete(jobId);
      }
    }
  }

  async repeat(name: string, everyMs: number): Promise<void> {
    if (!this.handlers.has(name)) throw new Error(`No handler for job "${name}"`);
    const tick = () => {
      if (!this.closed) void this.enqueue(name, {}, { jobId: `repeat:${name}`, attempts: 1 });
    };
    const interval = setInterval(tick, everyMs);
    interval.unref();
    this.intervals.add(interval);
  }

  /** In-process repeats live only as long as the process: there is nothing left from earlier versions. */
  async stopRepeating(): Promise<void> {}

  async start(): Promise<void> {}

  /** Runs the jobs already due (a just-enqueued e-mail), drops later ones, awaits what runs. */
  async close(): Promise<void> {
    this.closed = true;
    for (const interval of this.intervals) clearInterval(interval);
    this.intervals.clear();
    const soon = Date.now() + 1000;
    for (const [timer, job] of [...this.timers]) {
      clearTimeout(timer);
      if (job.dueAt <= soon) job.run();
    }
    if (this.timers.size > 0)
      this.logger.warn({ dropped: this.timers.size }, 'delayed in-process jobs dropped at shutdown');
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }
}

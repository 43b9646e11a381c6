export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** A job with the same id is enqueued once (idempotent fan-out, reminders). */
  jobId?: string;
  /** Tries before the job is given up (default 5), with exponential back-off. */
  attempts?: number;
}

export type JobHandler<T = unknown> = (data: T) => Promise<void>;

/**
 * Background work. In embedded mode jobs run in-process; with REDIS_URL they go to BullMQ and
 * are run by `apps/worker` instances. Contexts register handlers at start-up by job name.
 */
export abstract class JobQueue {
  protected readonly handlers = new Map<string, JobHandler>();

  /** Registers the code that runs jobs of this name. One handler per name. */
  handle<T>(name: string, handler: JobHandler<T>): void {
    if (this.handlers.has(name)) throw new Error(`A handler for job "${name}" is already registered`);
    this.handlers.set(name, handler as JobHandler);
  }

  abstract enqueue<T>(name: string, data: T, options?: EnqueueOptions): Promise<void>;

  /**
   * Runs the job of this name (with no data) every `everyMs`, the first time `everyMs` after start. Once per
   * deployment: BullMQ keeps one scheduler in Redis whatever the number of processes.
   */
  abstract repeat(name: string, everyMs: number): Promise<void>;

  /** Stops a job that `repeat` scheduled in an earlier version (its scheduler stays in Redis otherwise). */
  abstract stopRepeating(name: string): Promise<void>;

  /** Starts taking jobs (in-process always; BullMQ only in worker processes). */
  abstract start(): Promise<void>;

  /** Stops taking jobs and waits for the running ones. */
  abstract close(): Promise<void>;
}

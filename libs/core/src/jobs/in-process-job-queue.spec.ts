import pino from 'pino';
import { InProcessJobQueue } from './in-process-job-queue.js';
import { waitFor } from '../../../../test/support/wait-for.js';

const silent = pino({ level: 'silent' });

describe('InProcessJobQueue', () => {
  it('runs a job with its data', async () => {
    const queue = new InProcessJobQueue(silent);
    const seen: unknown[] = [];
    queue.handle('greet', async (data) => void seen.push(data));
    await queue.enqueue('greet', { to: 'Ana' });
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([{ to: 'Ana' }]);
    await queue.close();
  });

  it('retries a failing job until it succeeds', async () => {
    const queue = new InProcessJobQueue(silent);
    let calls = 0;
    queue.handle('flaky', async () => {
      calls += 1;
      if (calls < 2) throw new Error('SMTP down');
    });
    await queue.enqueue('flaky', {}, { attempts: 3 });
    await waitFor(() => calls === 2);
    await queue.close();
    expect(calls).toBe(2);
  });

  it('enqueues a job id only once while it is pending', async () => {
    const queue = new InProcessJobQueue(silent);
    let calls = 0;
    queue.handle('remind', async () => void (calls += 1));
    await queue.enqueue('remind', {}, { jobId: 'item-1-7d', delayMs: 20 });
    await queue.enqueue('remind', {}, { jobId: 'item-1-7d', delayMs: 20 });
    await waitFor(() => calls >= 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(1);
    await queue.close();
  });

  it('refuses a job nobody handles, and new jobs after close', async () => {
    const queue = new InProcessJobQueue(silent);
    await expect(queue.enqueue('unknown', {})).rejects.toThrow(/No handler/);
    queue.handle('known', async () => undefined);
    await queue.close();
    await expect(queue.enqueue('known', {})).rejects.toThrow(/closed/);
  });

  it('waits for running jobs on close', async () => {
    const queue = new InProcessJobQueue(silent);
    let finished = false;
    queue.handle('slow', async () => {
      await new Promise((r) => setTimeout(r, 100));
      finished = true;
    });
    await queue.enqueue('slow', {});
    await new Promise((r) => setTimeout(r, 10));
    await queue.close();
    expect(finished).toBe(true);
  });
});

import pino from 'pino';
import { BullMqJobQueue, InProcessJobQueue, JobQueue } from '@liaison/core';
import { startTestApi } from '../support/test-api.js';
import { waitFor } from '../support/wait-for.js';

const redisUrl = process.env.REDIS_URL;

describe('background jobs', () => {
  it('uses BullMQ when REDIS_URL is set, and the in-process queue otherwise', async () => {
    const api = await startTestApi();
    try {
      expect(api.app.get(JobQueue)).toBeInstanceOf(redisUrl ? BullMqJobQueue : InProcessJobQueue);
    } finally {
      await api.close();
    }
  });

  if (redisUrl) {
    it('hands jobs from an API process to a worker process on Redis, retrying failures', async () => {
      const logger = pino({ level: 'silent' });
      const queueName = `liaison-test-${process.pid}-${Date.now()}`;
      const producer = new BullMqJobQueue(redisUrl, logger, false, queueName);
      const worker = new BullMqJobQueue(redisUrl, logger, true, queueName);
      const seen: string[] = [];
      let failures = 0;
      worker.handle<{ to: string }>('mail.send', async ({ to }) => {
        if (to === 'flaky@x.test' && failures === 0) {
          failures += 1;
          throw new Error('SMTP down');
        }
        seen.push(to);
      });
      try {
        await worker.start();
        await producer.enqueue('mail.send', { to: 'ana@x.test' });
        await producer.enqueue('mail.send', { to: 'flaky@x.test' });
        // Ids name occasions ("notification-mail:<id>"); the same id twice is one job.
        await producer.enqueue('mail.send', { to: 'once@x.test' }, { jobId: 'notification-mail:42' });
        await producer.enqueue('mail.send', { to: 'once@x.test' }, { jobId: 'notification-mail:42' });
        await waitFor(() => seen.length === 3);
        await new Promise((r) => setTimeout(r, 200));
        expect(seen.sort()).toEqual(['ana@x.test', 'flaky@x.test', 'once@x.test']);
        expect(failures).toBe(1);
      } finally {
        await producer.close();
        await worker.close();
      }
    });
  }
});

import pg from 'pg';
import pino from 'pino';
import { type AppConfig, DatabaseNotifications } from '@liaison/core';
import { createTestDatabase } from '../support/test-database.js';

/** Waits until `done` holds, at most 5 s. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('DatabaseNotifications', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let notifications: DatabaseNotifications;
  let outside: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    notifications = new DatabaseNotifications({ databaseUrl: database.url } as AppConfig, pino({ level: 'silent' }));
    outside = new pg.Client({ connectionString: database.url });
    await outside.connect();
  });
  afterAll(async () => {
    await outside.end();
    await notifications.onApplicationShutdown();
    await database.drop();
  });

  const recorder = () => {
    const heard = { notified: 0, missed: 0 };
    return { heard, listener: { notified: () => heard.notified++, missed: () => heard.missed++ } };
  };

  it('hears every channel, including channels added one after the other while connected', async () => {
    const a = recorder();
    notifications.listen('test_a', a.listener);
    await until(() => notifications.listening);
    expect(a.heard.missed).toBe(1); // what was committed before LISTEN was not heard
    const b = recorder();
    const c = recorder();
    notifications.listen('test_b', b.listener);
    notifications.listen('test_c', c.listener);
    expect(notifications.listening).toBe(false);
    await until(() => notifications.listening);
    await outside.query(`NOTIFY test_c`);
    await outside.query(`NOTIFY test_a`);
    await until(() => c.heard.notified === 1 && a.heard.notified === 1);
    expect(b.heard.notified).toBe(0);
  });

  it('tells its listeners when the connection is lost, and listens again on a new one', async () => {
    const d = recorder();
    notifications.listen('test_d', d.listener);
    await until(() => notifications.listening);
    const missedBefore = d.heard.missed;
    await outside.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'liaison-listen' AND datname = current_database()`,
    );
    await until(() => !notifications.listening);
    expect(d.heard.missed).toBeGreaterThan(missedBefore);
    await until(() => notifications.listening);
    await outside.query(`NOTIFY test_d`);
    await until(() => d.heard.notified === 1);
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '@liaison/core';
import { AuditService } from '@liaison/audit';
import { aUser, type TestUser } from '../support/identity.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('audit log', () => {
  let api: TestApi;
  let audit: AuditService;
  let SECRETARIAT: Record<string, string>;
  let MEMBER: Record<string, string>;

  beforeAll(async () => {
    api = await startTestApi();
    audit = api.app.get(AuditService);
    const secretariat: TestUser = await aUser(api, { role: 'secretariat' });
    SECRETARIAT = secretariat.auth;
    MEMBER = (await aUser(api)).auth;
  });
  afterAll(async () => {
    await api.close();
  });

  it('chains events appended concurrently without gaps or forks', async () => {
    const before = (await audit.verify()).events;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit.record({ action: 'auth.login.succeeded', targetType: 'user', targetId: `u${i}`, ip: '127.0.0.1' }),
      ),
    );
    const result = await audit.verify();
    expect(result).toMatchObject({ ok: true, events: before + 20 });
  });

  it('appends a batch in order, interleaved with single appends, as one unbroken chain', async () => {
    const before = (await audit.verify()).events;
    const batch = Array.from({ length: 30 }, (_, i) => ({
      action: 'directory.contact.listed_restricted',
      targetId: `b${i}`,
    }));
    const [rows] = await Promise.all([
      audit.recordMany(batch),
      audit.record({ action: 'auth.login.succeeded', targetId: 'single' }),
      audit.recordMany([]),
    ]);
    expect(rows.map((r) => r.targetId)).toEqual(batch.map((b) => b.targetId));
    expect(rows.map((r) => Number(r.seq) - Number(rows[0].seq))).toEqual(batch.map((_, i) => i));
    expect(await audit.verify()).toMatchObject({ ok: true, events: before + 31 });
  });

  it('records an event only if the act it belongs to commits', async () => {
    const before = (await audit.verify()).events;
    await expect(
      api.app.get(DataSource).transaction(async (manager) => {
        await audit.record({ action: 'user.role.changed', details: { to: 'org_admin' } }, manager);
        throw new Error('the role change failed');
      }),
    ).rejects.toThrow('the role change failed');
    expect((await audit.verify()).events).toBe(before);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const db = api.app.get(DataSource);
    await expect(db.query(`UPDATE audit_event SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_event WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
  });

  it('lets the secretariat list and filter events, page by page', async () => {
    const first = await api.json('GET', '/api/v1/audit?limit=5&action=auth.login.succeeded', undefined, SECRETARIAT);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(5);
    expect(first.body.items[0].seq).toBeGreaterThan(first.body.items[4].seq);
    const second = await api.json(
      'GET',
      `/api/v1/audit?limit=5&action=auth.login.succeeded&cursor=${first.body.nextCursor}`,
      undefined,
      SECRETARIAT,
    );
    expect(second.body.items[0].seq).toBe(first.body.items[4].seq - 1);
  });

  it('keeps the log from members and from callers without a session', async () => {
    expect((await api.json('GET', '/api/v1/audit', undefined, MEMBER)).status).toBe(403);
    expect((await api.json('GET', '/api/v1/audit/verify', undefined, MEMBER)).status).toBe(403);
    expect((await api.json('GET', '/api/v1/audit')).status).toBe(401);
  });

  it('rejects bad filters with field-level reasons', async () => {
    const res = await api.json(
      'GET',
      '/api/v1/audit?limit=1000&actor=nobody&from=yesterday&cursor=-1',
      undefined,
      SECRETARIAT,
    );
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'actor',
      'cursor',
      'from',
      'limit',
    ]);
  });

  it("names the exact seq of a row altered behind the application's back", async () => {
    expect((await api.json('GET', '/api/v1/audit/verify', undefined, SECRETARIAT)).body).toMatchObject({ ok: true });
    const db = api.app.get(DataSource);
    // An attacker with database superuser rights switches the triggers off and edits one row.
    await db.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE audit_event SET details = '{"forged": true}' WHERE seq = 7`);
    });
    const res = await api.json('GET', '/api/v1/audit/verify', undefined, SECRETARIAT);
    expect(res.body).toMatchObject({ ok: false, brokenAt: 7, events: 6 });

    // Asynchronously: the API under test lives in this process and must keep serving.
    const cli = await promisify(execFile)(
      process.execPath,
      [join(PROJECT_ROOT, 'dist/apps/api/src/cli.js'), 'audit:verify'],
      {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: api.databaseUrl,
          JWT_SECRET: 's'.repeat(40),
          TOKEN_PEPPER: 'p'.repeat(40),
          LOG_LEVEL: 'silent',
        },
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('The audit log is broken at seq 7');
  });
});

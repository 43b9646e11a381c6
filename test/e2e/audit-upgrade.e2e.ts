import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { canonicalJson, verifyChain, type StoredEvent } from '@liaison/audit';
import { runMigrations } from '@liaison/core';
import { MIGRATIONS } from '../../migrations/index.js';
import { adminQuery, TEST_ENV, withDatabase } from '../support/test-database.js';

const UPGRADE = 'PrivacyRights1796673294958';

/** The hash of the log's first format, which covered the address and details themselves. */
const oldHash = (prev: string, e: Record<string, unknown>) =>
  createHash('sha256').update(prev).update(canonicalJson(e)).digest('hex');

/**
 * The migration that moves the audit log to salted digests (so an erasure can redact it) checks
 * the old chain first, refuses a broken one, and leaves a chain that verifies in the new format.
 */
describe('audit log upgrade to redactable events', () => {
  const adminUrl = process.env[TEST_ENV.adminUrl]!;
  const before = MIGRATIONS.slice(
    0,
    MIGRATIONS.findIndex((m) => m.name === UPGRADE),
  );
  const databases: string[] = [];

  async function databaseWithOldLog(events: number): Promise<{ url: string; client: pg.Client }> {
    const name = `liaison_upgrade_${randomBytes(4).toString('hex')}`;
    databases.push(name);
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    const url = withDatabase(adminUrl, name);
    await runMigrations(url, before);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let prev = '0'.repeat(64);
    for (let seq = 1; seq <= events; seq += 1) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, seq));
      const e = {
        seq,
        at: at.toISOString(),
        actorId: null,
        action: 'auth.login.failed',
        targetType: 'user',
        targetId: `u${seq}`,
        ip: `10.0.0.${seq % 250}`,
        details: { email: `person${seq}@example.test`, attempt: seq, nested: { ok: true } },
      };
      const hash = oldHash(prev, e);
      await client.query(
        `INSERT INTO audit_event (seq, at, actor_id, action, target_type, target_id, ip, details, prev_hash, hash)
         VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9)`,
        [seq, at, e.action, e.targetType, e.targetId, e.ip, JSON.stringify(e.details), prev, hash],
      );
      prev = hash;
    }
    return { url, client };
  }

  afterAll(async () => {
    for (const name of databases) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('re-links an intact log of more than one batch, keeping every event’s content', async () => {
    const { url, client } = await databaseWithOldLog(1203);
    try {
      await runMigrations(url, MIGRATIONS);
      const rows = (
        await client.query(
          `SELECT seq::int AS seq, at, actor_id AS "actorId", action, target_type AS "targetType",
                  target_id AS "targetId", ip, details, salt, ip_digest AS "ipDigest",
                  details_digest AS "detailsDigest", redacted_by AS "redactedBy", prev_hash AS "prevHash", hash
             FROM audit_event ORDER BY seq`,
        )
      ).rows as StoredEvent[];
      expect(verifyChain(rows)).toMatchObject({ ok: true, events: 1203, redacted: 0 });
      expect(rows[1202].details).toEqual({ email: 'person1203@example.test', attempt: 1203, nested: { ok: true } });
      await expect(client.query(`UPDATE audit_event SET details = '{}' WHERE seq = 5`)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });

  it('refuses to upgrade a log that does not verify in its old format', async () => {
    const { url, client } = await databaseWithOldLog(20);
    try {
      await client.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
      await client.query(`UPDATE audit_event SET details = '{"email": "someone.else@example.test"}' WHERE seq = 7`);
      await client.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
      await expect(runMigrations(url, MIGRATIONS)).rejects.toThrow(/does not verify at event 7/);
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM schema_migrations WHERE name = $1`, [
        UPGRADE,
      ]);
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });
});

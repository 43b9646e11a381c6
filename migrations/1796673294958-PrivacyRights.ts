import { createHash, randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen copies of the audit log's canonical JSON and hashes as they were at this migration, so
// that it re-reads the same bytes whatever the library becomes later.
function canonical(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || typeof value === 'number')
    return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}
const sha256 = (...parts: (string | Buffer)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

interface Row {
  seq: string;
  at: Date;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export class PrivacyRights1796673294958 implements MigrationInterface {
  name = 'PrivacyRights1796673294958';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "audit_checkpoint" ("id" smallint NOT NULL DEFAULT '1', "through_seq" bigint NOT NULL, "head" character(64) NOT NULL, "recorded_by" bigint NOT NULL, CONSTRAINT "PK_9720e45bb755b61bb1ab7d43839" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "privacy_erasure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pseudonym" text NOT NULL, "user_id" uuid, "contact_ids" uuid array NOT NULL, "erased_by" uuid NOT NULL, "reason" text NOT NULL, "counts" jsonb NOT NULL, "audit_seq" bigint NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c8c98290bb8943ab64becfe214b" UNIQUE ("pseudonym"), CONSTRAINT "PK_06c75d4dce914878382926cc081" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "retention_policy" ("kind" text NOT NULL, "days" integer, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_run_at" TIMESTAMP WITH TIME ZONE, "last_removed" integer, CONSTRAINT "PK_9aca8de15e8d36f5029f6d1a9f5" PRIMARY KEY ("kind"))`,
    );
    await q.query(`ALTER TABLE "audit_event" ADD "salt" bytea`);
    await q.query(`ALTER TABLE "audit_event" ADD "ip_digest" character(64)`);
    await q.query(`ALTER TABLE "audit_event" ADD "details_digest" character(64)`);
    await q.query(`ALTER TABLE "audit_event" ADD "redacted_by" bigint`);
    await q.query(
      `ALTER TABLE "retention_policy" ADD CONSTRAINT "CHK_retention_policy_values"
         CHECK (kind IN ('audit_events', 'deliveries', 'messages') AND (days IS NULL OR days >= CASE kind WHEN 'audit_events' THEN 90 WHEN 'deliveries' THEN 30 ELSE 1 END))`,
    );
    // Defaults: the audit log five years, who read which announcement two years, messages until deleted.
    await q.query(
      `INSERT INTO retention_policy (kind, days) VALUES ('audit_events', 1825), ('deliveries', 730), ('messages', NULL)`,
    );
    await this.rechain(q);
    await q.query(`ALTER TABLE "audit_event" ALTER COLUMN "ip_digest" SET NOT NULL`);
    await q.query(`ALTER TABLE "audit_event" ALTER COLUMN "details_digest" SET NOT NULL`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Retention removes events behind the checkpoint, and none younger than 90 days.
        IF TG_OP = 'DELETE' AND OLD.at < now() - interval '90 days'
           AND OLD.seq <= (SELECT through_seq FROM audit_checkpoint WHERE id = 1) THEN
          RETURN OLD;
        END IF;
        -- An erasure replaces the address and details, drops the salt, and names the erasure
        -- event its own transaction wrote that declared this row (seq -> digest of the new
        -- content); a later erasure (of someone else the event names) may do it again.
        IF TG_OP = 'UPDATE'
           AND ((OLD.redacted_by IS NULL AND OLD.salt IS NOT NULL) OR NEW.redacted_by > OLD.redacted_by)
           AND NEW.salt IS NULL AND NEW.redacted_by IS NOT NULL AND NEW.redacted_by > OLD.seq
           AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
           AND NEW.action = OLD.action AND NEW.target_type IS NOT DISTINCT FROM OLD.target_type
           AND NEW.target_id IS NOT DISTINCT FROM OLD.target_id AND NEW.ip_digest = OLD.ip_digest
           AND NEW.details_digest = OLD.details_digest AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
           AND EXISTS (SELECT 1 FROM audit_event e WHERE e.seq = NEW.redacted_by AND e.action = 'privacy.erased'
                        AND e.details -> 'redactions' ? OLD.seq::text
                        -- written by this very transaction: an old erasure cannot be reused
                        AND e.xmin = pg_current_xact_id()::xid) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    // The checkpoint only moves forward, to an event at least 90 days old whose hash it keeps,
    // as the audit.pruned event it names recorded it; it is never removed.
    await q.query(`
      CREATE FUNCTION audit_checkpoint_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
          RAISE EXCEPTION 'audit_checkpoint only moves forward: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.id = 1 AND (TG_OP = 'INSERT' OR NEW.through_seq > OLD.through_seq)
           AND EXISTS (SELECT 1 FROM audit_event e WHERE e.seq = NEW.through_seq AND e.hash = NEW.head
                        AND e.at < now() - interval '90 days')
           AND EXISTS (SELECT 1 FROM audit_event r WHERE r.seq = NEW.recorded_by AND r.action = 'audit.pruned'
                        AND (r.details ->> 'throughSeq')::bigint = NEW.through_seq AND r.details ->> 'head' = NEW.head) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_checkpoint only moves forward: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_checkpoint_forward BEFORE INSERT OR UPDATE OR DELETE ON audit_checkpoint
      FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_guard()`);
    await q.query(`
      CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
      FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_guard()`);
  }

  /**
   * Moves the existing log to the format whose hash covers salted digests of the address and the
   * details (so an erasure can replace them): checks every event in the old format first and
   * refuses to run on a broken chain, then re-links the whole log from the start.
   */
  private async rechain(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    let oldPrev = '0'.repeat(64);
    let newPrev = '0'.repeat(64);
    let after = 0;
    for (;;) {
      const rows = (await q.query(
        `SELECT seq, at, actor_id, action, target_type, target_id, ip, details, prev_hash, hash
           FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT 1000`,
        [after],
      )) as Row[];
      if (rows.length === 0) break;
      const updates: [number, Buffer, string, string, string, string][] = [];
      for (const r of rows) {
        const seq = Number(r.seq);
        const fields = {
          seq,
          at: new Date(r.at).toISOString(),
          actorId: r.actor_id,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
        };
        const oldHash = sha256(oldPrev, canonical({ ...fields, ip: r.ip, details: r.details }));
        if (seq !== after + 1 || r.prev_hash !== oldPrev || r.hash !== oldHash)
          throw new Error(`The audit log does not verify at event ${seq}: not upgrading it`);
        oldPrev = r.hash;
        const salt = randomBytes(16);
        const ipDigest = sha256(salt, canonical(r.ip));
        const detailsDigest = sha256(salt, canonical(r.details));
        const hash = sha256(newPrev, canonical({ ...fields, ip: ipDigest, details: detailsDigest }));
        updates.push([seq, salt, ipDigest, detailsDigest, newPrev, hash]);
        newPrev = hash;
        after = seq;
      }
      await q.query(
        `UPDATE audit_event e SET salt = u.salt, ip_digest = u.ip_digest, details_digest = u.details_digest,
                prev_hash = u.prev_hash, hash = u.hash
           FROM unnest($1::bigint[], $2::bytea[], $3::text[], $4::text[], $5::text[], $6::text[])
                AS u(seq, salt, ip_digest, details_digest, prev_hash, hash)
          WHERE e.seq = u.seq`,
        [
          updates.map((u) => u[0]),
          updates.map((u) => u[1]),
          updates.map((u) => u[2]),
          updates.map((u) => u[3]),
          updates.map((u) => u[4]),
          updates.map((u) => u[5]),
        ],
      );
    }
    await q.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
  }

  async down(): Promise<void> {
    // The log's hashes now cover salted digests: the old format cannot be restored, and dropping
    // the columns would leave a log that never verifies again.
    throw new Error('PrivacyRights cannot be reverted: restore a backup taken before it instead');
  }
}

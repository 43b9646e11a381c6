-- The statements of libs/audit/src/audit.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- AuditRepository.lockAppends
SELECT pg_advisory_xact_lock($1);

-- AuditRepository.lastEvent
SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1;

-- AuditRepository.insertEvents
INSERT INTO audit_event (seq, at, actor_id, action, target_type, target_id, ip, details, salt, ip_digest,
                           details_digest, prev_hash, hash)
  SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[],
                       $7::text[], $8::jsonb[], $9::bytea[], $10::text[], $11::text[], $12::text[], $13::text[]);

-- AuditRepository.eventsNaming
SELECT seq, actor_id AS "actorId", target_id AS "targetId", ip, details FROM audit_event
  WHERE actor_id = $1::uuid OR target_id = ANY($2::text[]) OR details::text ILIKE ANY($3::text[])
     OR ip IS NOT NULL AND actor_id IS NULL AND target_id = ANY($2::text[])
  ORDER BY seq;

-- AuditRepository.applyRedactions
UPDATE audit_event e SET ip = r.ip, details = r.details, salt = NULL, redacted_by = $4
  FROM unnest($1::bigint[], $2::text[], $3::jsonb[]) AS r(seq, ip, details) WHERE e.seq = r.seq;

-- AuditRepository.lastPrunable
SELECT seq, hash FROM audit_event
  WHERE at < least($1::timestamptz, now() - interval '90 days')
    AND seq < (SELECT max(seq) FROM audit_event) ORDER BY seq DESC LIMIT 1;

-- AuditRepository.saveCheckpoint
INSERT INTO audit_checkpoint (id, through_seq, head, recorded_by) VALUES (1, $1, $2, $3)
  ON CONFLICT (id) DO UPDATE SET through_seq = EXCLUDED.through_seq, head = EXCLUDED.head,
                                  recorded_by = EXCLUDED.recorded_by;

-- AuditRepository.deleteThrough
WITH gone AS (DELETE FROM audit_event WHERE seq <= $1 RETURNING 1) SELECT count(*)::int AS count FROM gone;

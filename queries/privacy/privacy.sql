-- The statements of libs/privacy/src/privacy.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- PrivacyRepository.lockErasures
SELECT pg_advisory_xact_lock(hashtext('liaison.privacy.erasure'));

-- PrivacyRepository.erasureById
SELECT id, pseudonym, user_id AS "userId", contact_ids AS "contactIds", erased_by AS "erasedBy", reason,
       counts, audit_seq::int AS "auditSeq", erased_at AS "erasedAt"
  FROM privacy_erasure WHERE id = $1;

-- PrivacyRepository.pseudonymTaken
SELECT 1 FROM privacy_erasure WHERE pseudonym = $1;

-- PrivacyRepository.erasureOf
SELECT pseudonym FROM privacy_erasure WHERE user_id = $1 OR contact_ids && $2::uuid[] LIMIT 1;

-- PrivacyRepository.insertErasure
INSERT INTO privacy_erasure (pseudonym, user_id, contact_ids, erased_by, reason, counts, audit_seq)
  VALUES ($1, $2, $3::uuid[], $4, $5, $6::jsonb, $7) RETURNING id, erased_at AS "erasedAt";

-- PrivacyRepository.erasures
SELECT id, pseudonym, user_id AS "userId", contact_ids AS "contactIds", erased_by AS "erasedBy", reason,
       counts, audit_seq::int AS "auditSeq", erased_at AS "erasedAt"
  FROM privacy_erasure ORDER BY erased_at DESC LIMIT $1;

-- PrivacyRepository.retention
SELECT kind, days, updated_at AS "updatedAt", last_run_at AS "lastRunAt", last_removed AS "lastRemoved"
  FROM retention_policy;

-- PrivacyRepository.setRetention
UPDATE retention_policy SET days = $2, updated_by = $3, updated_at = now() WHERE kind = $1;

-- PrivacyRepository.recordRun
UPDATE retention_policy SET last_run_at = now(), last_removed = $2 WHERE kind = $1;

-- The statements of libs/directory/src/freshness/freshness.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- FreshnessRepository.openForStale
INSERT INTO confirmation_request (contact_id, token_hash, next_escalation_at, expires_at)
  SELECT c.id, 'pending:' || gen_random_uuid(), $2::timestamptz + make_interval(days => $4::int), $2::timestamptz + make_interval(days => $5::int)
  FROM contact c
  WHERE c.status <> 'departed'
    AND least(c.last_confirmed_at, coalesce((SELECT min(p.last_confirmed_at) FROM point_of_contact p WHERE p.contact_id = c.id AND p.status = 'active'), c.last_confirmed_at))
        < $2::timestamptz - make_interval(days => $3::int)
    AND NOT EXISTS (SELECT 1 FROM confirmation_request r WHERE r.contact_id = c.id AND r.answered_at IS NULL)
  ORDER BY c.last_confirmed_at
  LIMIT $1
  ON CONFLICT DO NOTHING
  RETURNING id;

-- FreshnessRepository.escalateDue
WITH e AS (
    UPDATE confirmation_request SET escalation_level = escalation_level + 1,
      next_escalation_at = CASE WHEN escalation_level + 1 < 2 THEN $1::timestamptz + make_interval(days => $2::int) END
    WHERE answered_at IS NULL AND escalation_level < 2 AND next_escalation_at <= $1::timestamptz
    RETURNING id)
  SELECT id FROM e;

-- FreshnessRepository.pendingNotices
SELECT id, notified_level, escalation_level FROM confirmation_request
  WHERE answered_at IS NULL AND notified_level < escalation_level;

-- FreshnessRepository.openFor
SELECT EXISTS (SELECT 1 FROM confirmation_request WHERE contact_id = $1 AND answered_at IS NULL) AS open;

-- FreshnessRepository.colleagues
SELECT id, full_name AS "fullName", position FROM contact
  WHERE organisation_id = $1 AND id <> $2 AND status = 'active' AND visibility = ANY($3::text[])
  ORDER BY sort_name LIMIT 200;

-- The statements of libs/planning/src/exports/calendar-feeds.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- CalendarFeedsRepository.list
SELECT f.id, f.plan_id AS "planId", p.title AS "planTitle", f.created_at AS "createdAt", f.last_used_at AS "lastUsedAt"
   FROM calendar_feed f LEFT JOIN action_plan p ON p.id = f.plan_id
  WHERE f.user_id = $1 ORDER BY f.created_at DESC;

-- CalendarFeedsRepository.insert
INSERT INTO calendar_feed (user_id, plan_id, token_hash) VALUES ($1, $2, $3) RETURNING id, created_at AS "createdAt";

-- CalendarFeedsRepository.delete
DELETE FROM calendar_feed WHERE id = $1 AND user_id = $2;

-- CalendarFeedsRepository.use
UPDATE calendar_feed f SET last_used_at = now() FROM identity_account u
  WHERE f.token_hash = $1 AND u.id = f.user_id AND u.status = 'active'
  RETURNING f.plan_id AS "planId", f.user_id AS "userId", u.roles, u.organisation_id AS "organisationId";

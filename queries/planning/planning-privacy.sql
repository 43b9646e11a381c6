-- The statements of libs/planning/src/privacy/planning-privacy.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- affected
WITH hit AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM hit;

-- PlanningPrivacyRepository.export: groups
SELECT g.id, g.name, m.role, m.added_at AS "addedAt" FROM working_group_member m
  JOIN working_group g ON g.id = m.group_id WHERE m.user_id = $1 ORDER BY m.added_at;

-- PlanningPrivacyRepository.export: assignments
SELECT i.id, i.reference, i.title, i.status, i.due_date AS "dueDate", p.title AS plan
   FROM action_item_assignee a JOIN action_item i ON i.id = a.item_id JOIN action_plan p ON p.id = i.plan_id
  WHERE a.user_id = $1 ORDER BY p.title, i.reference;

-- PlanningPrivacyRepository.export: comments
SELECT c.id, c.item_id AS "itemId", c.body, c.created_at AS "createdAt" FROM action_item_comment c
  WHERE c.author_id = $1 ORDER BY c.created_at;

-- PlanningPrivacyRepository.export: activity
SELECT item_id AS "itemId", action, changes, at FROM action_item_activity WHERE actor_id = $1 ORDER BY at;

-- PlanningPrivacyRepository.export: calendarFeeds
SELECT plan_id AS "planId", created_at AS "createdAt", last_used_at AS "lastUsedAt"
  FROM calendar_feed WHERE user_id = $1 ORDER BY created_at;

-- PlanningPrivacyRepository.erase: groupMemberships
DELETE FROM working_group_member WHERE user_id = $1;

-- PlanningPrivacyRepository.erase: assignments
DELETE FROM action_item_assignee WHERE user_id = $1;

-- PlanningPrivacyRepository.erase: mutes
DELETE FROM plan_mute WHERE user_id = $1;

-- PlanningPrivacyRepository.erase: calendarFeeds
DELETE FROM calendar_feed WHERE user_id = $1;

-- PlanningPrivacyRepository.retireViews
SELECT DISTINCT i.plan_id AS id FROM action_item i
  WHERE $2 OR i.id IN (SELECT item_id FROM action_item_assignee WHERE user_id = $1)
     OR i.id IN (SELECT item_id FROM action_item_comment WHERE author_id = $1);

-- PlanningPrivacyRepository.retireViews (2)
UPDATE action_plan SET items_revision = items_revision + 1 WHERE id = ANY($1::uuid[]);

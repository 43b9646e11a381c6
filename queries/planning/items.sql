-- The statements of libs/planning/src/items/items.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- ItemsRepository.plansAssigning
SELECT p.id, p.title, p.tlp, g.name AS "groupName" FROM action_plan p JOIN working_group g ON g.id = p.group_id
  WHERE ${visible.sql} AND p.status <> 'archived'
    AND EXISTS (SELECT 1 FROM action_item_assignee a JOIN action_item i ON i.id = a.item_id WHERE i.plan_id = p.id AND a.user_id = $1);

-- ItemsRepository.insert
INSERT INTO action_item (plan_id, reference, title, description, description_html, lead_organisation_id, start_date,
                           due_date, priority, progress, source_thread_id, source_message_id, created_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id;

-- ItemsRepository.update
UPDATE action_item SET reference = $2, title = $3, description = $4, description_html = $5, lead_organisation_id = $6,
        start_date = $7, due_date = $8, priority = $9, progress = $10, version = version + 1, updated_at = now()
  WHERE id = $1;

-- ItemsRepository.setStatus
UPDATE action_item SET status = $2, status_reason = $3, progress = CASE WHEN $2 = 'done' THEN 100 ELSE progress END,
        version = version + 1, updated_at = now()
  WHERE id = $1;

-- ItemsRepository.comments
SELECT c.id, c.author_id AS "authorId", u.display_name AS "authorName", c.body, c.body_html AS "bodyHtml", c.created_at AS "createdAt"
   FROM action_item_comment c JOIN identity_account u ON u.id = c.author_id
  WHERE c.item_id = $1 ORDER BY c.created_at, c.id;

-- ItemsRepository.insertComment
INSERT INTO action_item_comment (item_id, author_id, body, body_html) VALUES ($1, $2, $3, $4)
  RETURNING id, created_at AS "createdAt";

-- ItemsRepository.displayName
SELECT display_name AS name FROM identity_account WHERE id = $1;

-- ItemsRepository.activity
SELECT a.id::text, a.actor_id AS "actorId", u.display_name AS "actorName", a.action, a.changes, a.item_version AS version, a.at
   FROM action_item_activity a JOIN identity_account u ON u.id = a.actor_id
  WHERE a.item_id = $1 ORDER BY a.id DESC LIMIT 500;

-- ItemsRepository.lock
SELECT plan_id AS "planId" FROM action_item WHERE id = $1 FOR UPDATE;

-- ItemsRepository.touchPlan
UPDATE action_plan SET items_revision = items_revision + 1 WHERE id = $1 RETURNING items_revision AS revision;

-- ItemsRepository.insertActivity
INSERT INTO action_item_activity (item_id, plan_id, actor_id, action, changes, item_version) VALUES ($1, $2, $3, $4, $5, $6);

-- ItemsRepository.references
SELECT id, reference FROM action_item WHERE id = ANY($1::uuid[]);

-- ItemsRepository.lockGraph
SELECT pg_advisory_xact_lock(hashtextextended($1, 42));

-- ItemsRepository.organisationExists
SELECT 1 FROM directory_organisation WHERE id = $1;

-- ItemsRepository.editorsAmong
SELECT user_id AS "userId" FROM working_group_member WHERE group_id = $1 AND user_id = ANY($2::uuid[]) AND role IN ('chair', 'member');

-- ItemsRepository.itemsOfPlan
SELECT id FROM action_item WHERE plan_id = $1 AND id = ANY($2::uuid[]);

-- ItemsRepository.dependencyEdges
SELECT d.item_id AS "itemId", d.depends_on_id AS "dependsOnId" FROM action_item_dependency d
  JOIN action_item i ON i.id = d.item_id WHERE i.plan_id = $1;

-- ItemsRepository.deleteAssignees
DELETE FROM action_item_assignee WHERE item_id = $1;

-- ItemsRepository.addAssignees
INSERT INTO action_item_assignee (item_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING;

-- ItemsRepository.deleteDependencies
DELETE FROM action_item_dependency WHERE item_id = $1;

-- ItemsRepository.addDependencies
INSERT INTO action_item_dependency (item_id, depends_on_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING;

-- ItemsRepository.nextReferenceNumber
SELECT COALESCE(max(substring(reference FROM '^[0-9]+')::int), 0) + 1 AS n FROM action_item WHERE plan_id = $1;

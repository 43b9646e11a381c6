-- The statements of libs/planning/src/groups/groups.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- GroupsRepository.listFor
SELECT g.id, g.name, g.purpose, g.thread_id AS "threadId", g.version, g.created_at AS "createdAt",
      me.role AS "myRole",
      (SELECT count(*)::int FROM working_group_member m WHERE m.group_id = g.id) AS "memberCount",
      (SELECT count(*)::int FROM action_plan p WHERE p.group_id = g.id) AS "planCount"
    FROM working_group g
    LEFT JOIN working_group_member me ON me.group_id = g.id AND me.user_id = $1 WHERE me.user_id IS NOT NULL OR CAST($2 AS boolean) ORDER BY g.name, g.id;

-- GroupsRepository.summary
SELECT g.id, g.name, g.purpose, g.thread_id AS "threadId", g.version, g.created_at AS "createdAt",
      me.role AS "myRole",
      (SELECT count(*)::int FROM working_group_member m WHERE m.group_id = g.id) AS "memberCount",
      (SELECT count(*)::int FROM action_plan p WHERE p.group_id = g.id) AS "planCount"
    FROM working_group g
    LEFT JOIN working_group_member me ON me.group_id = g.id AND me.user_id = $1 WHERE g.id = $2;

-- GroupsRepository.members
SELECT m.user_id AS "userId", u.display_name AS "displayName", u.organisation_id AS "organisationId",
        o.name AS "organisationName", o.country_code AS "countryCode", m.role
   FROM working_group_member m
   JOIN identity_account u ON u.id = m.user_id
   LEFT JOIN directory_organisation o ON o.id = u.organisation_id
  WHERE m.group_id = $1
  ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, u.display_name, m.user_id;

-- GroupsRepository.updateDetails
UPDATE working_group SET name = COALESCE($3, name), purpose = COALESCE($4, purpose),
        version = version + 1, updated_at = now()
  WHERE id = $1 AND version = $2 RETURNING id;

-- GroupsRepository.setThread
UPDATE working_group SET thread_id = $2, version = version + 1, updated_at = now() WHERE id = $1;

-- GroupsRepository.roleOf
SELECT role FROM working_group_member WHERE group_id = $1 AND user_id = $2;

-- GroupsRepository.upsertMember
INSERT INTO working_group_member (group_id, user_id, role) VALUES ($1, $2, $3)
  ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role;

-- GroupsRepository.deleteMember
DELETE FROM working_group_member WHERE group_id = $1 AND user_id = $2;

-- GroupsRepository.unassignOpenItems
DELETE FROM action_item_assignee a USING action_item i, action_plan p
  WHERE a.item_id = i.id AND i.plan_id = p.id AND p.group_id = $1 AND a.user_id = $2
    AND i.status NOT IN ('done', 'cancelled');

-- GroupsRepository.bumpVersion
UPDATE working_group SET version = version + 1, updated_at = now() WHERE id = $1;

-- GroupsRepository.planIds
SELECT id FROM action_plan WHERE group_id = $1;

-- GroupsRepository.lock
SELECT id FROM working_group WHERE id = $1 FOR UPDATE;

-- GroupsRepository.otherChairs
SELECT count(*)::int AS n FROM working_group_member WHERE group_id = $1 AND role = 'chair' AND user_id <> $2;

-- GroupsRepository.activeUsers
SELECT id FROM identity_account WHERE id = ANY($1::uuid[]) AND status = 'active';

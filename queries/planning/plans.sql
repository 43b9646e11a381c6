-- The statements of libs/planning/src/plans/plans.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- PlansRepository.list
SELECT p.id, p.group_id AS "groupId", g.name AS "groupName", p.title, p.objective,
      p.owning_organisation_id AS "owningOrganisationId", o.name AS "owningOrganisationName",
      to_char(p.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(p.period_end, 'YYYY-MM-DD') AS "periodEnd",
      p.status, p.tlp, p.version, p.updated_at AS "updatedAt", me.role AS "myRole",
      EXISTS (SELECT 1 FROM plan_mute pm WHERE pm.user_id = $1 AND pm.plan_id = p.id) AS muted,
      COALESCE(c.items, 0) AS "itemCount", COALESCE(c.done, 0) AS "doneCount",
      COALESCE(c.overdue, 0) AS "overdueCount", COALESCE(c.blocked, 0) AS "blockedCount", COALESCE(c.progress, 0) AS progress
    FROM action_plan p
    JOIN working_group g ON g.id = p.group_id
    LEFT JOIN directory_organisation o ON o.id = p.owning_organisation_id
    LEFT JOIN working_group_member me ON me.group_id = p.group_id AND me.user_id = $1
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS items,
             count(*) FILTER (WHERE i.status = 'done')::int AS done,
             count(*) FILTER (WHERE i.status = 'blocked')::int AS blocked,
             count(*) FILTER (WHERE i.due_date < (now() AT TIME ZONE 'UTC')::date AND i.status NOT IN ('done', 'cancelled'))::int AS overdue,
             COALESCE(round(avg(i.progress) FILTER (WHERE i.status <> 'cancelled')), 0)::int AS progress
        FROM action_item i WHERE i.plan_id = p.id) c ON true WHERE ${where}
  ORDER BY CASE p.status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 WHEN 'completed' THEN 2 ELSE 3 END, p.title, p.id;

-- PlansRepository.get
SELECT p.id, p.group_id AS "groupId", g.name AS "groupName", p.title, p.objective,
      p.owning_organisation_id AS "owningOrganisationId", o.name AS "owningOrganisationName",
      to_char(p.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(p.period_end, 'YYYY-MM-DD') AS "periodEnd",
      p.status, p.tlp, p.version, p.updated_at AS "updatedAt", me.role AS "myRole",
      EXISTS (SELECT 1 FROM plan_mute pm WHERE pm.user_id = $1 AND pm.plan_id = p.id) AS muted,
      COALESCE(c.items, 0) AS "itemCount", COALESCE(c.done, 0) AS "doneCount",
      COALESCE(c.overdue, 0) AS "overdueCount", COALESCE(c.blocked, 0) AS "blockedCount", COALESCE(c.progress, 0) AS progress
    FROM action_plan p
    JOIN working_group g ON g.id = p.group_id
    LEFT JOIN directory_organisation o ON o.id = p.owning_organisation_id
    LEFT JOIN working_group_member me ON me.group_id = p.group_id AND me.user_id = $1
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS items,
             count(*) FILTER (WHERE i.status = 'done')::int AS done,
             count(*) FILTER (WHERE i.status = 'blocked')::int AS blocked,
             count(*) FILTER (WHERE i.due_date < (now() AT TIME ZONE 'UTC')::date AND i.status NOT IN ('done', 'cancelled'))::int AS overdue,
             COALESCE(round(avg(i.progress) FILTER (WHERE i.status <> 'cancelled')), 0)::int AS progress
        FROM action_item i WHERE i.plan_id = p.id) c ON true WHERE ${visible.sql} AND p.id = $4;

-- PlansRepository.itemsRevision
SELECT p.items_revision AS revision FROM action_plan p WHERE ${visible.sql} AND p.id = $4;

-- PlansRepository.insert
INSERT INTO action_plan (group_id, title, objective, owning_organisation_id, period_start, period_end, status, tlp, created_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id;

-- PlansRepository.update
UPDATE action_plan SET title = $3, objective = $4, owning_organisation_id = $5, period_start = $6, period_end = $7,
        status = $8, tlp = $9, version = version + 1, updated_at = now()
  WHERE id = $1 AND version = $2 RETURNING id;

-- PlansRepository.organisationExists
SELECT 1 FROM directory_organisation WHERE id = $1;

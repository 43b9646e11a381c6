-- The statements of libs/planning/src/plans/plan-views.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- PlanViewsRepository.boardParts
WITH sel AS (SELECT * FROM action_item WHERE plan_id = $1),
  asg AS (SELECT a.item_id, json_agg(json_build_object('userId', u.id, 'displayName', u.display_name) ORDER BY u.display_name, u.id) AS list
            FROM action_item_assignee a JOIN identity_account u ON u.id = a.user_id
           WHERE a.item_id IN (SELECT id FROM sel) GROUP BY a.item_id),
  dep AS (SELECT d.item_id, json_agg(t.id ORDER BY t.reference) AS ids, array_agg(t.id::text ORDER BY t.reference) AS id_list,
                 json_agg(json_build_object('code', 'due_before_dependency', 'itemId', t.id, 'reference', t.reference,
                   'message', format('Due %s, before %s which it depends on is due (%s).', to_char(s.due_date, 'YYYY-MM-DD'), t.reference, to_char(t.due_date, 'YYYY-MM-DD')))
                   ORDER BY t.reference) FILTER (WHERE s.due_date < t.due_date) AS warnings
            FROM action_item_dependency d JOIN sel s ON s.id = d.item_id JOIN action_item t ON t.id = d.depends_on_id
           GROUP BY d.item_id),
  cm AS (SELECT item_id, count(*)::int AS n FROM action_item_comment WHERE item_id IN (SELECT id FROM sel) GROUP BY item_id)
  SELECT i.id, i.reference, COALESCE(dep.id_list, '{}') AS "dependsOn", json_build_object(
      'id', i.id, 'planId', i.plan_id, 'reference', i.reference, 'title', i.title,
      'leadOrganisationId', i.lead_organisation_id, 'leadOrganisationName', o.name, 'countryCode', o.country_code,
      'startDate', to_char(i.start_date, 'YYYY-MM-DD'), 'dueDate', to_char(i.due_date, 'YYYY-MM-DD'), 'priority', i.priority, 'progress', i.progress,
      'status', i.status, 'statusReason', i.status_reason, 'version', i.version,
      'createdAt', to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'updatedAt', to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'overdue', COALESCE(i.due_date < (now() AT TIME ZONE 'UTC')::date AND i.status NOT IN ('done', 'cancelled'), false),
      'source', CASE WHEN i.source_thread_id IS NOT NULL AND i.source_message_id IS NOT NULL
                     THEN json_build_object('threadId', i.source_thread_id, 'messageId', i.source_message_id) END,
      'assignees', COALESCE(asg.list, '[]'), 'dependsOn', COALESCE(dep.ids, '[]'), 'warnings', COALESCE(dep.warnings, '[]'),
      'commentCount', COALESCE(cm.n, 0)
    )::text AS json
  FROM sel i
  LEFT JOIN directory_organisation o ON o.id = i.lead_organisation_id
  LEFT JOIN asg ON asg.item_id = i.id
  LEFT JOIN dep ON dep.item_id = i.id
  LEFT JOIN cm ON cm.item_id = i.id;

-- PlanViewsRepository.statusCounts
SELECT status, count(*)::int AS n,
       count(*) FILTER (WHERE due_date < ${TODAY} AND status NOT IN ('done', 'cancelled'))::int AS overdue,
       count(*) FILTER (WHERE due_date >= ${TODAY} AND due_date < ${TODAY} + 7 AND status NOT IN ('done', 'cancelled'))::int AS week,
       COALESCE(sum(progress), 0)::int AS sum
  FROM action_item WHERE plan_id = $1 GROUP BY status;

-- PlanViewsRepository.organisationCounts
SELECT i.lead_organisation_id AS "organisationId", o.name, o.country_code AS "countryCode", c.name AS "countryName",
        count(*)::int AS items, count(*) FILTER (WHERE i.status = 'done')::int AS done,
        count(*) FILTER (WHERE i.due_date < ${TODAY} AND i.status NOT IN ('done', 'cancelled'))::int AS overdue,
        COALESCE(sum(i.progress) FILTER (WHERE i.status <> 'cancelled'), 0)::int AS sum,
        count(*) FILTER (WHERE i.status <> 'cancelled')::int AS counted
   FROM action_item i
   LEFT JOIN directory_organisation o ON o.id = i.lead_organisation_id
   LEFT JOIN directory_country c ON c.code = o.country_code
  WHERE i.plan_id = $1
  GROUP BY i.lead_organisation_id, o.name, o.country_code, c.name;

-- The statements of libs/planning/src/demo/planning-demo.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- PlanningDemoRepository.usersByEmail
SELECT id, lower(email) AS email FROM identity_account WHERE lower(email) = ANY($1);

-- PlanningDemoRepository.leadOrganisations
SELECT DISTINCT ON (country_code) country_code AS code, id FROM directory_organisation
  WHERE country_code IS NOT NULL ORDER BY country_code, (kind = 'law_enforcement') DESC, name;

-- PlanningDemoRepository.insertGroup
INSERT INTO working_group (name, purpose, created_by) VALUES ($1, $2, $3) RETURNING id;

-- PlanningDemoRepository.insertMember
INSERT INTO working_group_member (group_id, user_id, role) VALUES ($1, $2, $3);

-- PlanningDemoRepository.insertPlan
INSERT INTO action_plan (group_id, title, objective, status, tlp, created_by, owning_organisation_id, period_start, period_end)
  VALUES ($1, $2, $3, $4, $5, $6, (SELECT organisation_id FROM identity_account WHERE id = $6), $7, $8) RETURNING id;

-- PlanningDemoRepository.insertItem
INSERT INTO action_item (plan_id, reference, title, description, description_html, lead_organisation_id, start_date, due_date,
                           priority, progress, status, status_reason, created_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id;

-- PlanningDemoRepository.insertAssignee
INSERT INTO action_item_assignee (item_id, user_id) VALUES ($1, $2);

-- PlanningDemoRepository.insertDependency
INSERT INTO action_item_dependency (item_id, depends_on_id) VALUES ($1, $2);

-- PlanningDemoRepository.insertCreatedActivity
INSERT INTO action_item_activity (item_id, plan_id, actor_id, action, changes, item_version) VALUES ($1, $2, $3, 'created', $4, 1);

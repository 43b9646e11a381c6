-- The statements of libs/planning/src/seeding/planning-seeding.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- PlanningSeedingRepository.insertGroup
INSERT INTO working_group (name, purpose, created_by) VALUES ($1, $2, $3) RETURNING id;

-- PlanningSeedingRepository.insertMember
INSERT INTO working_group_member (group_id, user_id, role) VALUES ($1, $2, $3);

-- PlanningSeedingRepository.insertPlan
INSERT INTO action_plan (group_id, title, objective, status, tlp, created_by, owning_organisation_id, period_start, period_end)
  VALUES ($1, $2, $3, $4, $5, $6, (SELECT organisation_id FROM identity_account WHERE id = $6), $7, $8) RETURNING id;

-- PlanningSeedingRepository.insertItem
INSERT INTO action_item (plan_id, reference, title, description, description_html, lead_organisation_id, start_date, due_date,
                           priority, progress, status, status_reason, created_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id;

-- PlanningSeedingRepository.insertAssignee
INSERT INTO action_item_assignee (item_id, user_id) VALUES ($1, $2);

-- PlanningSeedingRepository.insertDependency
INSERT INTO action_item_dependency (item_id, depends_on_id) VALUES ($1, $2);

-- PlanningSeedingRepository.insertCreatedActivity
INSERT INTO action_item_activity (item_id, plan_id, actor_id, action, changes, item_version) VALUES ($1, $2, $3, 'created', $4, 1);

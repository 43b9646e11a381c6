-- The statements of libs/planning/src/reminders/reminders.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- RemindersRepository.candidates
SELECT i.id AS "itemId", i.plan_id AS "planId", i.reference, i.title, to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
        p.title AS "planTitle", p.tlp, a.user_id AS "userId"
   FROM action_item i
   JOIN action_plan p ON p.id = i.plan_id AND p.status = 'active'
   JOIN action_item_assignee a ON a.item_id = i.id
   JOIN identity_account u ON u.id = a.user_id AND u.status = 'active'
  WHERE i.status NOT IN ('done', 'cancelled') AND i.due_date IS NOT NULL AND i.due_date <= $1
    AND NOT EXISTS (SELECT 1 FROM plan_mute pm WHERE pm.user_id = a.user_id AND pm.plan_id = i.plan_id);

-- RemindersRepository.mute
INSERT INTO plan_mute (user_id, plan_id) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- RemindersRepository.unmute
DELETE FROM plan_mute WHERE user_id = $1 AND plan_id = $2;

-- The statements of libs/planning/src/notifications/notifications.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- NotificationsRepository.candidates
SELECT i.id AS "itemId", i.plan_id AS "planId", i.reference, i.title, to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
        p.title AS "planTitle", p.tlp, a.user_id AS "userId", COALESCE(np.reminder_days, '{7,1}') AS "reminderDays", COALESCE(np.digest, 'weekly') AS digest,
    np.quiet_from AS "quietFrom", np.quiet_to AS "quietTo", COALESCE(np.time_zone, 'UTC') AS "timeZone", COALESCE(np.email, true) AS email
   FROM action_item i
   JOIN action_plan p ON p.id = i.plan_id AND p.status = 'active'
   JOIN action_item_assignee a ON a.item_id = i.id
   JOIN identity_account u ON u.id = a.user_id AND u.status = 'active'
   LEFT JOIN notification_preference np ON np.user_id = a.user_id
  WHERE i.status NOT IN ('done', 'cancelled') AND i.due_date IS NOT NULL AND i.due_date <= $1
    AND NOT EXISTS (SELECT 1 FROM plan_mute pm WHERE pm.user_id = a.user_id AND pm.plan_id = i.plan_id);

-- NotificationsRepository.list
SELECT id, kind, plan_id AS "planId", item_id AS "itemId", title, body, link, params, created_at AS "createdAt", read_at AS "readAt" FROM notification WHERE user_id = $1 ${unreadOnly ? 'AND read_at IS NULL' : ''}
  ORDER BY created_at DESC, id LIMIT 100;

-- NotificationsRepository.unreadCount
SELECT count(*)::int AS unread FROM notification WHERE user_id = $1 AND read_at IS NULL;

-- NotificationsRepository.markRead
UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL ${id ? 'AND id = $2' : ''};

-- NotificationsRepository.exists
SELECT 1 FROM notification WHERE user_id = $1 AND id = $2;

-- NotificationsRepository.preferences
SELECT COALESCE(np.reminder_days, '{7,1}') AS "reminderDays", COALESCE(np.digest, 'weekly') AS digest,
    np.quiet_from AS "quietFrom", np.quiet_to AS "quietTo", COALESCE(np.time_zone, 'UTC') AS "timeZone", COALESCE(np.email, true) AS email FROM (SELECT $1::uuid AS user_id) me LEFT JOIN notification_preference np ON np.user_id = me.user_id;

-- NotificationsRepository.savePreferences
INSERT INTO notification_preference (user_id, reminder_days, digest, quiet_from, quiet_to, time_zone, email)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (user_id) DO UPDATE SET reminder_days = EXCLUDED.reminder_days, digest = EXCLUDED.digest,
    quiet_from = EXCLUDED.quiet_from, quiet_to = EXCLUDED.quiet_to, time_zone = EXCLUDED.time_zone,
    email = EXCLUDED.email, updated_at = now();

-- NotificationsRepository.mute
INSERT INTO plan_mute (user_id, plan_id) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- NotificationsRepository.unmute
DELETE FROM plan_mute WHERE user_id = $1 AND plan_id = $2;

-- NotificationsRepository.insert
INSERT INTO notification (user_id, kind, dedupe_key, plan_id, item_id, title, body, link, params, email_wanted)
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS n(user_id uuid, kind text, dedupe_key text, plan_id uuid, item_id uuid,
                                                    title text, body text, link text, params jsonb, email_wanted boolean)
  ON CONFLICT (user_id, dedupe_key) DO NOTHING
  RETURNING user_id AS "userId", id, kind, plan_id AS "planId", item_id AS "itemId", title, body, link, params, created_at AS "createdAt", read_at AS "readAt";

-- NotificationsRepository.owedMails
SELECT id FROM notification WHERE email_wanted AND emailed_at IS NULL AND created_at > now() - make_interval(days => $1);

-- NotificationsRepository.mail
SELECT u.email, u.display_name AS "displayName", n.title, n.body, n.link
   FROM notification n JOIN identity_account u ON u.id = n.user_id AND u.status = 'active'
  WHERE n.id = $1 AND n.emailed_at IS NULL AND n.email_wanted;

-- NotificationsRepository.markEmailed
UPDATE notification SET emailed_at = now() WHERE id = $1;

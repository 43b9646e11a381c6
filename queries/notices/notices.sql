-- The statements of libs/notices/src/notices.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- NoticesRepository.list
SELECT id, kind, plan_id AS "planId", item_id AS "itemId", title, body, link, params, created_at AS "createdAt", read_at AS "readAt" FROM notification WHERE user_id = $1 ${unreadOnly ? 'AND read_at IS NULL' : ''}
  ORDER BY created_at DESC, id LIMIT 100;

-- NoticesRepository.unreadCount
SELECT count(*)::int AS unread FROM notification WHERE user_id = $1 AND read_at IS NULL;

-- NoticesRepository.markRead
UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL ${id ? 'AND id = $2' : ''};

-- NoticesRepository.exists
SELECT 1 FROM notification WHERE user_id = $1 AND id = $2;

-- NoticesRepository.preferences
SELECT COALESCE(np.reminder_days, '{7,1}') AS "reminderDays", COALESCE(np.digest, 'weekly') AS digest,
    np.quiet_from AS "quietFrom", np.quiet_to AS "quietTo", COALESCE(np.time_zone, 'UTC') AS "timeZone", COALESCE(np.email, true) AS email FROM (SELECT $1::uuid AS user_id) me LEFT JOIN notification_preference np ON np.user_id = me.user_id;

-- NoticesRepository.preferencesOf
SELECT me.user_id AS "userId", COALESCE(np.reminder_days, '{7,1}') AS "reminderDays", COALESCE(np.digest, 'weekly') AS digest,
    np.quiet_from AS "quietFrom", np.quiet_to AS "quietTo", COALESCE(np.time_zone, 'UTC') AS "timeZone", COALESCE(np.email, true) AS email
  FROM unnest($1::uuid[]) AS me(user_id) LEFT JOIN notification_preference np ON np.user_id = me.user_id;

-- NoticesRepository.savePreferences
INSERT INTO notification_preference (user_id, reminder_days, digest, quiet_from, quiet_to, time_zone, email)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (user_id) DO UPDATE SET reminder_days = EXCLUDED.reminder_days, digest = EXCLUDED.digest,
    quiet_from = EXCLUDED.quiet_from, quiet_to = EXCLUDED.quiet_to, time_zone = EXCLUDED.time_zone,
    email = EXCLUDED.email, updated_at = now();

-- NoticesRepository.insert
INSERT INTO notification (user_id, kind, dedupe_key, plan_id, item_id, title, body, link, params, email_wanted)
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS n(user_id uuid, kind text, dedupe_key text, plan_id uuid, item_id uuid,
                                                    title text, body text, link text, params jsonb, email_wanted boolean)
  ON CONFLICT (user_id, dedupe_key) DO NOTHING
  RETURNING user_id AS "userId", id, kind, plan_id AS "planId", item_id AS "itemId", title, body, link, params, created_at AS "createdAt", read_at AS "readAt";

-- NoticesRepository.owedMails
SELECT id FROM notification WHERE email_wanted AND emailed_at IS NULL AND created_at > now() - make_interval(days => $1);

-- NoticesRepository.mail
SELECT u.email, u.display_name AS "displayName", n.title, n.body, n.link
   FROM notification n JOIN identity_account u ON u.id = n.user_id AND u.status = 'active'
  WHERE n.id = $1 AND n.emailed_at IS NULL AND n.email_wanted;

-- NoticesRepository.markEmailed
UPDATE notification SET emailed_at = now() WHERE id = $1;

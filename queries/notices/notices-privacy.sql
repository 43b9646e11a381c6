-- The statements of libs/notices/src/privacy/notices-privacy.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- affected
WITH hit AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM hit;

-- NoticesPrivacyRepository.export: notifications
SELECT kind, title, body, link, created_at AS "createdAt", read_at AS "readAt", emailed_at AS "emailedAt"
  FROM notification WHERE user_id = $1 ORDER BY created_at;

-- NoticesPrivacyRepository.export: preferences
SELECT reminder_days AS "reminderDays", digest, quiet_from AS "quietFrom", quiet_to AS "quietTo",
  time_zone AS "timeZone", email FROM notification_preference WHERE user_id = $1;

-- NoticesPrivacyRepository.erase: notifications
DELETE FROM notification WHERE user_id = $1;

-- NoticesPrivacyRepository.erase: preferences
DELETE FROM notification_preference WHERE user_id = $1;

-- The statements of libs/outreach/src/privacy/outreach-privacy.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- affected
WITH hit AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM hit;

-- OutreachPrivacyRepository.export: deliveries
SELECT a.id AS "announcementId", a.title, d.delivered_at AS "deliveredAt", d.read_at AS "readAt",
        d.acknowledged_at AS "acknowledgedAt"
   FROM announcement_delivery d JOIN announcement a ON a.id = d.announcement_id
  WHERE d.user_id = $1 ORDER BY d.delivered_at;

-- OutreachPrivacyRepository.export: rsvps
SELECT r.event_id AS "eventId", r.response, r.delegation, r.nominating_authority AS "nominatingAuthority",
       r.accessibility, r.dietary, r.notes, r.answered_at AS "answeredAt", r.updated_at AS "updatedAt"
  FROM event_rsvp r WHERE r.user_id = $1 ORDER BY r.answered_at;

-- OutreachPrivacyRepository.export: emails
SELECT announcement_id AS "announcementId", kind, status, sent_at AS "sentAt", created_at AS "createdAt"
  FROM outreach_mail WHERE user_id = $1 ORDER BY created_at;

-- OutreachPrivacyRepository.rsvpsNaming
SELECT event_id AS "eventId", user_id AS "userId", delegation FROM event_rsvp
  WHERE delegation::text ILIKE ANY($1::text[]);

-- OutreachPrivacyRepository.rewriteDelegation
UPDATE event_rsvp SET delegation = $3::jsonb WHERE event_id = $1 AND user_id = $2;

-- OutreachPrivacyRepository.erase: rsvps
UPDATE event_rsvp SET accessibility = NULL, dietary = NULL, notes = NULL, nominating_authority = NULL
  WHERE user_id = $1;

-- OutreachPrivacyRepository.erase: emails
UPDATE outreach_mail SET error = NULL WHERE user_id = $1;

-- OutreachPrivacyRepository.expire: deliveries
DELETE FROM announcement_delivery WHERE delivered_at < $1;

-- OutreachPrivacyRepository.expire: emails
DELETE FROM outreach_mail WHERE created_at < $1 AND status IN ('sent', 'bounced', 'failed');

-- The statements of libs/outreach/src/delivery/outreach-delivery.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- OutreachDeliveryRepository.fanOutState
SELECT audience, status, title, fanned_out_at AS "fannedOutAt" FROM announcement WHERE id = $1;

-- OutreachDeliveryRepository.oweAnnouncementMails
INSERT INTO outreach_mail (announcement_id, user_id, kind, occasion)
  SELECT announcement_id, user_id, 'announcement', 1 FROM announcement_delivery WHERE announcement_id = $1
  ON CONFLICT DO NOTHING;

-- OutreachDeliveryRepository.markFannedOut
UPDATE announcement SET recipient_count = (SELECT count(*)::int FROM announcement_delivery WHERE announcement_id = $1),
        fanned_out_at = COALESCE(fanned_out_at, now())
  WHERE id = $1 RETURNING recipient_count AS count;

-- OutreachDeliveryRepository.recipientIds
SELECT user_id AS "userId" FROM announcement_delivery WHERE announcement_id = $1;

-- OutreachDeliveryRepository.oweInvitationUpdates
INSERT INTO outreach_mail (announcement_id, user_id, kind, occasion)
  SELECT d.announcement_id, d.user_id, CASE WHEN e.cancelled_at IS NULL THEN 'update' ELSE 'cancel' END, e.sequence
    FROM announcement_delivery d JOIN outreach_event e ON e.announcement_id = d.announcement_id
    LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id
   WHERE d.announcement_id = $1 AND (r.response IS NULL OR r.response <> 'declined')
  ON CONFLICT DO NOTHING;

-- OutreachDeliveryRepository.oweReminders
WITH silent AS (
    SELECT d.announcement_id, d.user_id FROM announcement_delivery d
      JOIN announcement a ON a.id = d.announcement_id AND a.status = 'published'
      LEFT JOIN outreach_event e ON e.announcement_id = a.id AND e.cancelled_at IS NULL
     WHERE d.announcement_id = $1
       AND ((a.requires_acknowledgement AND d.acknowledged_at IS NULL)
         OR (e.id IS NOT NULL AND (e.rsvp_deadline IS NULL OR e.rsvp_deadline > now())
             AND NOT EXISTS (SELECT 1 FROM event_rsvp r WHERE r.event_id = e.id AND r.user_id = d.user_id)))
       AND ($3::int IS NULL OR NOT EXISTS (
             SELECT 1 FROM outreach_mail m
              WHERE m.announcement_id = d.announcement_id AND m.user_id = d.user_id AND m.kind = 'reminder'
                AND m.occasion > 0 AND m.created_at > now() - make_interval(secs => $3::int))))
  INSERT INTO outreach_mail (announcement_id, user_id, kind, occasion)
  SELECT announcement_id, user_id, 'reminder', $2 FROM silent
  ON CONFLICT DO NOTHING RETURNING user_id AS "userId";

-- OutreachDeliveryRepository.markReminded
UPDATE announcement_delivery SET reminded_at = now() WHERE announcement_id = $1 AND user_id = ANY($2::uuid[]);

-- OutreachDeliveryRepository.publishDue
UPDATE announcement SET status = 'published', published_at = now(), publish_at = NULL, version = version + 1, updated_at = now()
  WHERE status = 'scheduled' AND publish_at <= $1 RETURNING id;

-- OutreachDeliveryRepository.audienceOf
SELECT audience FROM announcement WHERE id = $1;

-- OutreachDeliveryRepository.setRecipientCount
UPDATE announcement SET recipient_count = $2 WHERE id = $1;

-- OutreachDeliveryRepository.unfinishedFanOuts
SELECT id FROM announcement WHERE status = 'published' AND fanned_out_at IS NULL;

-- OutreachDeliveryRepository.dueForReminder
SELECT a.id FROM announcement a LEFT JOIN outreach_event e ON e.announcement_id = a.id AND e.cancelled_at IS NULL
  WHERE a.status = 'published' AND a.fanned_out_at IS NOT NULL
    AND ((a.requires_acknowledgement AND a.acknowledge_by IS NOT NULL
          AND $1 >= a.acknowledge_by - make_interval(days => a.remind_days_before) AND $1 < a.acknowledge_by)
      OR (e.rsvp_deadline IS NOT NULL
          AND $1 >= e.rsvp_deadline - make_interval(days => a.remind_days_before) AND $1 < e.rsvp_deadline));

-- OutreachDeliveryRepository.announcementsOwingMail
SELECT DISTINCT announcement_id AS "announcementId" FROM outreach_mail
  WHERE (status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '10 minutes'))
    AND created_at > now() - make_interval(days => $1);

-- OutreachDeliveryRepository.owedMails
SELECT id FROM outreach_mail WHERE announcement_id = $1
    AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '10 minutes'))
  ORDER BY id;

-- OutreachDeliveryRepository.claim
UPDATE outreach_mail SET status = 'sending', claimed_at = now(), attempts = attempts + 1
  WHERE id = ANY($1::uuid[])
    AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '10 minutes'))
  RETURNING id, announcement_id AS "announcementId", user_id AS "userId", kind, attempts;

-- OutreachDeliveryRepository.markSent
UPDATE outreach_mail SET status = 'sent', error = NULL, sent_at = now(), claimed_at = NULL WHERE id = ANY($1::uuid[]);

-- OutreachDeliveryRepository.settle
UPDATE outreach_mail SET status = $2, error = $3, sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END,
  claimed_at = NULL WHERE id = $1;

-- OutreachDeliveryRepository.mailContexts
SELECT m.id AS "mailId", m.kind, u.email, u.display_name AS "displayName", a.id AS "announcementId", a.title, a.body,
        a.body_html AS "bodyHtml", a.requires_acknowledgement AS "requiresAcknowledgement", a.acknowledge_by AS "acknowledgeBy",
        a.withdrawn_reason AS "withdrawnReason", e.id AS "eventId", e.title AS "eventTitle", e.starts_at AS "startsAt",
        e.ends_at AS "endsAt", e.time_zone AS "timeZone", e.location, e.online_url AS "onlineUrl",
        e.rsvp_deadline AS "rsvpDeadline", e.sequence, e.cancelled_at AS "cancelledAt", r.response,
        d.acknowledged_at IS NOT NULL AS acknowledged
   FROM outreach_mail m
   JOIN identity_account u ON u.id = m.user_id AND u.status = 'active'
   JOIN announcement a ON a.id = m.announcement_id
   JOIN announcement_delivery d ON d.announcement_id = m.announcement_id AND d.user_id = m.user_id
   LEFT JOIN outreach_event e ON e.announcement_id = a.id
   LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = m.user_id
  WHERE m.id = ANY($1::uuid[]);

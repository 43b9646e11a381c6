-- The statements of libs/outreach/src/announcements/announcements.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- AnnouncementsRepository.insert
INSERT INTO announcement (title, body, body_html, audience, requires_acknowledgement, acknowledge_by, remind_days_before,
                            created_by, updated_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id;

-- AnnouncementsRepository.insertEvent
INSERT INTO outreach_event (announcement_id, title, starts_at, ends_at, time_zone, location, online_url, rsvp_deadline, seats_per_country)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- AnnouncementsRepository.find
SELECT a.id, a.title, a.body, a.body_html AS "bodyHtml", a.status, a.audience,
    a.requires_acknowledgement AS "requiresAcknowledgement", a.acknowledge_by AS "acknowledgeBy",
    a.remind_days_before AS "remindDaysBefore", a.publish_at AS "publishAt", a.published_at AS "publishedAt",
    a.withdrawn_at AS "withdrawnAt", a.withdrawn_reason AS "withdrawnReason", a.revision, a.edited_at AS "editedAt",
    a.version, a.recipient_count AS "recipientCount", a.fanned_out_at AS "fannedOutAt", cu.display_name AS "createdByName",
    a.created_at AS "createdAt", a.updated_at AS "updatedAt",
    e.id AS "eventId", e.title AS "eventTitle", e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.time_zone AS "timeZone",
    e.location, e.online_url AS "onlineUrl", e.rsvp_deadline AS "rsvpDeadline", e.seats_per_country AS "seatsPerCountry",
    e.sequence, e.cancelled_at AS "cancelledAt" FROM announcement a JOIN identity_account cu ON cu.id = a.created_by
    LEFT JOIN outreach_event e ON e.announcement_id = a.id WHERE a.id = $1;

-- AnnouncementsRepository.lock
SELECT a.id, a.title, a.body, a.body_html AS "bodyHtml", a.status, a.audience,
    a.requires_acknowledgement AS "requiresAcknowledgement", a.acknowledge_by AS "acknowledgeBy",
    a.remind_days_before AS "remindDaysBefore", a.publish_at AS "publishAt", a.published_at AS "publishedAt",
    a.withdrawn_at AS "withdrawnAt", a.withdrawn_reason AS "withdrawnReason", a.revision, a.edited_at AS "editedAt",
    a.version, a.recipient_count AS "recipientCount", a.fanned_out_at AS "fannedOutAt", cu.display_name AS "createdByName",
    a.created_at AS "createdAt", a.updated_at AS "updatedAt",
    e.id AS "eventId", e.title AS "eventTitle", e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.time_zone AS "timeZone",
    e.location, e.online_url AS "onlineUrl", e.rsvp_deadline AS "rsvpDeadline", e.seats_per_country AS "seatsPerCountry",
    e.sequence, e.cancelled_at AS "cancelledAt" FROM announcement a JOIN identity_account cu ON cu.id = a.created_by
    LEFT JOIN outreach_event e ON e.announcement_id = a.id WHERE a.id = $1 FOR UPDATE OF a;

-- AnnouncementsRepository.delivery
SELECT read_at AS "readAt", acknowledged_at AS "acknowledgedAt", read_revision AS "readRevision", country_code AS "countryCode"
  FROM announcement_delivery WHERE announcement_id = $1 AND user_id = $2;

-- AnnouncementsRepository.isRecipient
SELECT 1 FROM announcement_delivery WHERE announcement_id = $1 AND user_id = $2;

-- AnnouncementsRepository.list
SELECT a.id, a.title, a.status, a.requires_acknowledgement AS "requiresAcknowledgement", a.publish_at AS "publishAt",
        a.published_at AS "publishedAt", a.recipient_count AS "recipientCount", e.starts_at AS "eventStartsAt",
        a.updated_at AS "updatedAt",
        (SELECT count(*)::int FROM announcement_delivery d WHERE d.announcement_id = a.id AND d.read_at IS NOT NULL) AS "readCount",
        (SELECT count(*)::int FROM announcement_delivery d WHERE d.announcement_id = a.id AND d.acknowledged_at IS NOT NULL) AS "acknowledgedCount"
   FROM announcement a LEFT JOIN outreach_event e ON e.announcement_id = a.id ${where}
  ORDER BY COALESCE(a.published_at, a.publish_at, a.updated_at) DESC, a.id
  LIMIT ${limit} OFFSET ${offset};

-- AnnouncementsRepository.count
SELECT count(*)::int AS total FROM announcement a ${where};

-- AnnouncementsRepository.deleteEvent
DELETE FROM outreach_event WHERE id = $1;

-- AnnouncementsRepository.updateEvent
UPDATE outreach_event SET title = $2, starts_at = $3, ends_at = $4, time_zone = $5, location = $6, online_url = $7,
  rsvp_deadline = $8, seats_per_country = $9, sequence = sequence + $10::int WHERE id = $1;

-- AnnouncementsRepository.update
UPDATE announcement SET title = $2, body = $3, body_html = $4, audience = COALESCE($5::jsonb, audience),
        requires_acknowledgement = $6, acknowledge_by = $7, remind_days_before = $8, version = version + 1,
        revision = revision + $9::int, edited_at = CASE WHEN $9::int > 0 THEN now() ELSE edited_at END,
        updated_by = $10, updated_at = now()
  WHERE id = $1;

-- AnnouncementsRepository.schedule
UPDATE announcement SET status = 'scheduled', publish_at = $2, version = version + 1, updated_by = $3, updated_at = now() WHERE id = $1;

-- AnnouncementsRepository.markPublished
UPDATE announcement SET status = 'published', published_at = now(), publish_at = NULL, version = version + 1, updated_at = now()
  WHERE id = $1;

-- AnnouncementsRepository.withdraw
UPDATE announcement SET status = 'withdrawn', withdrawn_at = now(), withdrawn_reason = $2, version = version + 1,
  updated_by = $3, updated_at = now() WHERE id = $1;

-- AnnouncementsRepository.cancelEvent
UPDATE outreach_event SET cancelled_at = now(), sequence = sequence + 1 WHERE id = $1;

-- AnnouncementsRepository.delete
DELETE FROM announcement WHERE id = $1;

-- AnnouncementsRepository.markRead
UPDATE announcement_delivery d SET read_at = COALESCE(d.read_at, now()), read_revision = a.revision
   FROM announcement a
  WHERE a.id = d.announcement_id AND d.announcement_id = $1 AND d.user_id = $2 AND a.status IN ('published', 'withdrawn')
  RETURNING d.read_at AS "readAt", d.acknowledged_at AS "acknowledgedAt";

-- AnnouncementsRepository.markAcknowledged
UPDATE announcement_delivery SET read_at = COALESCE(read_at, now()), read_revision = $3,
        acknowledged_at = COALESCE(acknowledged_at, now())
  WHERE announcement_id = $1 AND user_id = $2 RETURNING read_at AS "readAt", acknowledged_at AS "acknowledgedAt";

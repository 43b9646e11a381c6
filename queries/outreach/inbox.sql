-- The statements of libs/outreach/src/inbox/inbox.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- InboxRepository.announcements
SELECT a.id, a.title, a.body, COALESCE(a.published_at, d.delivered_at) AS at, d.read_at AS "readAt",
        a.requires_acknowledgement AS "requiresAcknowledgement", d.acknowledged_at AS "acknowledgedAt",
        a.acknowledge_by AS "acknowledgeBy", a.status = 'withdrawn' AS withdrawn,
        (d.read_revision IS NOT NULL AND d.read_revision < a.revision) AS "changedSinceRead",
        e.starts_at AS "eventStartsAt", r.response AS rsvp
   FROM announcement_delivery d JOIN announcement a ON a.id = d.announcement_id AND a.status IN ('published', 'withdrawn')
   LEFT JOIN outreach_event e ON e.announcement_id = a.id
   LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id
  WHERE d.user_id = $1 ${unreadOnly ? 'AND (d.read_at IS NULL OR d.read_revision < a.revision)' : ''}
  ORDER BY d.delivered_at DESC, a.id LIMIT ${limit};

-- InboxRepository.counts
SELECT count(*) FILTER (WHERE d.read_at IS NULL OR d.read_revision < a.revision)::int AS unread,
        count(*) FILTER (WHERE a.requires_acknowledgement AND a.status = 'published' AND d.acknowledged_at IS NULL)::int AS "toAcknowledge"
   FROM announcement_delivery d JOIN announcement a ON a.id = d.announcement_id AND a.status IN ('published', 'withdrawn')
  WHERE d.user_id = $1;

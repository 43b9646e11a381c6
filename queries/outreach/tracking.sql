-- The statements of libs/outreach/src/announcements/tracking.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- TrackingRepository.exists
SELECT 1 FROM announcement WHERE id = $1;

-- TrackingRepository.groupedStats
SELECT CASE WHEN GROUPING(d.country_code) = 0 THEN 'country' WHEN GROUPING(d.organisation_kind) = 0 THEN 'kind' ELSE 'total' END AS dimension,
        COALESCE(d.country_code::text, d.organisation_kind) AS key,
        CASE WHEN GROUPING(d.country_code) = 0 THEN max(c.name) END AS label, count(*)::int AS recipients, count(d.read_at)::int AS read, count(d.acknowledged_at)::int AS acknowledged,
    count(*) FILTER (WHERE r.response = 'accepted')::int AS accepted,
    count(*) FILTER (WHERE r.response = 'tentative')::int AS tentative,
    count(*) FILTER (WHERE r.response = 'declined')::int AS declined,
    count(*) FILTER (WHERE r.user_id IS NULL)::int AS "noAnswer",
    COALESCE(sum(r.delegates), 0)::int AS delegates
   FROM announcement_delivery d
    LEFT JOIN outreach_event e ON e.announcement_id = d.announcement_id
    LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id LEFT JOIN directory_country c ON c.code = d.country_code
  WHERE d.announcement_id = $1
  GROUP BY GROUPING SETS ((d.country_code), (d.organisation_kind), ());

-- TrackingRepository.statsByMandate
SELECT pm.mandate_code AS key, mn.name AS label, count(*)::int AS recipients, count(d.read_at)::int AS read, count(d.acknowledged_at)::int AS acknowledged,
    count(*) FILTER (WHERE r.response = 'accepted')::int AS accepted,
    count(*) FILTER (WHERE r.response = 'tentative')::int AS tentative,
    count(*) FILTER (WHERE r.response = 'declined')::int AS declined,
    count(*) FILTER (WHERE r.user_id IS NULL)::int AS "noAnswer",
    COALESCE(sum(r.delegates), 0)::int AS delegates
   FROM announcement_delivery d
    LEFT JOIN outreach_event e ON e.announcement_id = d.announcement_id
    LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id
   JOIN identity_account u ON u.id = d.user_id
   JOIN LATERAL (SELECT DISTINCT p.mandate_code FROM directory_contact ct JOIN directory_designation p ON p.contact_id = ct.id
                  WHERE ct.emails @> ARRAY[lower(u.email::text)] AND p.status = 'active') pm ON true
   LEFT JOIN directory_mandate mn ON mn.code = pm.mandate_code
  WHERE d.announcement_id = $1
  GROUP BY pm.mandate_code, mn.name ORDER BY pm.mandate_code;

-- TrackingRepository.statsByCountry
SELECT d.country_code AS key, max(c.name) AS label, count(*)::int AS recipients, count(d.read_at)::int AS read, count(d.acknowledged_at)::int AS acknowledged,
    count(*) FILTER (WHERE r.response = 'accepted')::int AS accepted,
    count(*) FILTER (WHERE r.response = 'tentative')::int AS tentative,
    count(*) FILTER (WHERE r.response = 'declined')::int AS declined,
    count(*) FILTER (WHERE r.user_id IS NULL)::int AS "noAnswer",
    COALESCE(sum(r.delegates), 0)::int AS delegates
   FROM announcement_delivery d
    LEFT JOIN outreach_event e ON e.announcement_id = d.announcement_id
    LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id LEFT JOIN directory_country c ON c.code = d.country_code
  WHERE d.announcement_id = $1 GROUP BY d.country_code ORDER BY max(c.name) NULLS LAST;

-- TrackingRepository.mailStatuses
SELECT status, count(*)::int AS count FROM (
    SELECT DISTINCT ON (user_id) status FROM outreach_mail WHERE announcement_id = $1 AND kind = 'announcement'
  ) m GROUP BY status;

-- TrackingRepository.recipients
SELECT d.user_id AS "userId", u.display_name AS "displayName", u.email::text AS email,
    o.name AS "organisationName", d.country_code AS "countryCode", d.delivered_at AS "deliveredAt", d.read_at AS "readAt",
    d.acknowledged_at AS "acknowledgedAt", m.status AS "emailStatus", m.error AS "emailError", r.response AS rsvp,
    d.reminded_at AS "remindedAt" FROM announcement_delivery d
    LEFT JOIN outreach_event e ON e.announcement_id = d.announcement_id
    LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id
        JOIN identity_account u ON u.id = d.user_id
        LEFT JOIN directory_organisation o ON o.id = u.organisation_id
        LEFT JOIN LATERAL (SELECT status, error FROM outreach_mail WHERE announcement_id = d.announcement_id AND user_id = d.user_id
                            AND kind = 'announcement' ORDER BY occasion DESC LIMIT 1) m ON true
  WHERE d.announcement_id = $1 ${where}
  ORDER BY d.country_code NULLS LAST, u.display_name, d.user_id LIMIT ${limit} OFFSET ${offset};

-- TrackingRepository.countRecipients
SELECT count(*)::int AS total FROM announcement_delivery d
    LEFT JOIN outreach_event e ON e.announcement_id = d.announcement_id
    LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id
        JOIN identity_account u ON u.id = d.user_id
        LEFT JOIN directory_organisation o ON o.id = u.organisation_id
        LEFT JOIN LATERAL (SELECT status, error FROM outreach_mail WHERE announcement_id = d.announcement_id AND user_id = d.user_id
                            AND kind = 'announcement' ORDER BY occasion DESC LIMIT 1) m ON true WHERE d.announcement_id = $1 ${where};

-- TrackingRepository.allRecipients
SELECT d.user_id AS "userId", u.display_name AS "displayName", u.email::text AS email,
    o.name AS "organisationName", d.country_code AS "countryCode", d.delivered_at AS "deliveredAt", d.read_at AS "readAt",
    d.acknowledged_at AS "acknowledgedAt", m.status AS "emailStatus", m.error AS "emailError", r.response AS rsvp,
    d.reminded_at AS "remindedAt" FROM announcement_delivery d
    LEFT JOIN outreach_event e ON e.announcement_id = d.announcement_id
    LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id
        JOIN identity_account u ON u.id = d.user_id
        LEFT JOIN directory_organisation o ON o.id = u.organisation_id
        LEFT JOIN LATERAL (SELECT status, error FROM outreach_mail WHERE announcement_id = d.announcement_id AND user_id = d.user_id
                            AND kind = 'announcement' ORDER BY occasion DESC LIMIT 1) m ON true
  WHERE d.announcement_id = $1 ORDER BY d.country_code NULLS LAST, u.display_name, d.user_id;

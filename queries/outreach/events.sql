-- The statements of libs/outreach/src/events/events.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- EventsRepository.forUser
SELECT d.user_id IS NOT NULL AS invited, d.country_code AS "countryCode", u.organisation_id AS "organisationId", e.id, e.announcement_id AS "announcementId", e.title, a.body, a.status, e.starts_at AS "startsAt",
    e.ends_at AS "endsAt", e.time_zone AS "timeZone", e.location, e.online_url AS "onlineUrl", e.rsvp_deadline AS "rsvpDeadline",
    e.seats_per_country AS "seatsPerCountry", e.sequence, e.cancelled_at AS "cancelledAt"
  FROM outreach_event e JOIN announcement a ON a.id = e.announcement_id
        LEFT JOIN announcement_delivery d ON d.announcement_id = a.id AND d.user_id = $2
        LEFT JOIN identity_account u ON u.id = d.user_id
       WHERE e.id = $1;

-- EventsRepository.lockCountrySeats
SELECT pg_advisory_xact_lock(hashtextextended($1, 0));

-- EventsRepository.seatsTakenByOthers
SELECT COALESCE(sum(delegates), 0)::int AS taken FROM event_rsvp
  WHERE event_id = $1 AND country_code = $2 AND user_id <> $3 AND response <> 'declined';

-- EventsRepository.rsvp
SELECT r.response, r.delegation, r.nominating_authority AS "nominatingAuthority", r.accessibility,
    r.dietary, r.notes, r.answered_at AS "answeredAt", r.updated_at AS "updatedAt" FROM event_rsvp r WHERE r.event_id = $1 AND r.user_id = $2;

-- EventsRepository.lockRsvp
SELECT r.response, r.delegation, r.nominating_authority AS "nominatingAuthority", r.accessibility,
    r.dietary, r.notes, r.answered_at AS "answeredAt", r.updated_at AS "updatedAt" FROM event_rsvp r WHERE r.event_id = $1 AND r.user_id = $2 FOR UPDATE;

-- EventsRepository.upsertRsvp
INSERT INTO event_rsvp AS r (event_id, user_id, country_code, organisation_id, response, delegation, delegates,
                               nominating_authority, accessibility, dietary, notes)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT (event_id, user_id) DO UPDATE SET response = EXCLUDED.response, delegation = EXCLUDED.delegation,
    delegates = EXCLUDED.delegates, nominating_authority = EXCLUDED.nominating_authority,
    accessibility = EXCLUDED.accessibility, dietary = EXCLUDED.dietary, notes = EXCLUDED.notes,
    version = r.version + 1, updated_at = now()
  RETURNING r.response, r.delegation, r.nominating_authority AS "nominatingAuthority", r.accessibility,
    r.dietary, r.notes, r.answered_at AS "answeredAt", r.updated_at AS "updatedAt";

-- EventsRepository.invitee
SELECT u.email::text AS email, u.display_name AS "displayName", r.response FROM identity_account u
  LEFT JOIN event_rsvp r ON r.event_id = $2 AND r.user_id = u.id WHERE u.id = $1;

-- EventsRepository.attendees
SELECT r.user_id AS "userId", u.display_name AS respondent, o.name AS "organisationName", r.country_code AS "countryCode",
        c.name AS "countryName", r.response, r.delegation, r.nominating_authority AS "nominatingAuthority", r.accessibility,
    r.dietary, r.notes, r.answered_at AS "answeredAt", r.updated_at AS "updatedAt"
   FROM event_rsvp r JOIN identity_account u ON u.id = r.user_id
   LEFT JOIN directory_organisation o ON o.id = r.organisation_id LEFT JOIN directory_country c ON c.code = r.country_code
  WHERE r.event_id = $1 ORDER BY c.name NULLS LAST, r.response, u.display_name;

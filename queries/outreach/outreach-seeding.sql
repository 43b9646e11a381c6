-- The statements of libs/outreach/src/seeding/outreach-seeding.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- OutreachSeedingRepository.insertEvent
INSERT INTO outreach_event (announcement_id, title, starts_at, ends_at, time_zone, location, rsvp_deadline, seats_per_country)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id;

-- OutreachSeedingRepository.insertAnswer
INSERT INTO event_rsvp (event_id, user_id, country_code, organisation_id, response, delegation, delegates, nominating_authority, dietary, accessibility)
  SELECT $1, d.user_id, d.country_code, u.organisation_id, $3, $4, $5, $6, $7, $8
    FROM announcement_delivery d JOIN identity_account u ON u.id = d.user_id
   WHERE d.announcement_id = $9 AND d.country_code = $2
   ORDER BY u.email LIMIT 1;

-- OutreachSeedingRepository.markReadByAnswerersAndMost
UPDATE announcement_delivery d SET read_at = d.delivered_at + interval '3 hours', read_revision = 1
  WHERE d.announcement_id = $1 AND (EXISTS (SELECT 1 FROM event_rsvp r WHERE r.event_id = $2 AND r.user_id = d.user_id)
                                  OR abs(hashtext(d.user_id::text)) % 3 <> 0);

-- OutreachSeedingRepository.markMostReadHalfAcknowledged
UPDATE announcement_delivery SET read_at = delivered_at + interval '1 hour', read_revision = 1,
        acknowledged_at = CASE WHEN abs(hashtext(user_id::text)) % 2 = 0 THEN delivered_at + interval '2 hours' END
  WHERE announcement_id = $1 AND abs(hashtext(user_id::text)) % 4 <> 0;

-- OutreachSeedingRepository.insertDraft
INSERT INTO announcement (title, body, body_html, audience, status, created_by, updated_by)
  VALUES ($1, $2, $3, $4, 'draft', $5, $5);

-- OutreachSeedingRepository.insertPublished
INSERT INTO announcement (title, body, body_html, audience, status, published_at, requires_acknowledgement, acknowledge_by,
                            fanned_out_at, created_by, updated_by, created_at, updated_at)
  VALUES ($1, $2, $3, $4, 'published', $5, $6, $7, $5, $8, $8, $5, $5) RETURNING id;

-- OutreachSeedingRepository.insertSentMails
INSERT INTO outreach_mail (announcement_id, user_id, kind, occasion, status, attempts, sent_at)
  SELECT announcement_id, user_id, 'announcement', 1, 'sent', 1, delivered_at FROM announcement_delivery WHERE announcement_id = $1;

-- OutreachSeedingRepository.countRecipients
UPDATE announcement SET recipient_count = (SELECT count(*) FROM announcement_delivery WHERE announcement_id = $1) WHERE id = $1;

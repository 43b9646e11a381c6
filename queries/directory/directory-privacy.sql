-- The statements of libs/directory/src/privacy/directory-privacy.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- count
WITH hit AS (${sql}) SELECT count(*)::int AS n FROM hit;

-- DirectoryPrivacyRepository.contacts
SELECT id, full_name AS "fullName", emails FROM contact
  WHERE id = ANY($1::uuid[]) OR emails && $2::text[] ORDER BY created_at;

-- DirectoryPrivacyRepository.statuses
SELECT id, status FROM contact WHERE id = ANY($1::uuid[]);

-- DirectoryPrivacyRepository.exportContacts
SELECT c.id, c.full_name AS "fullName", c.position, c.emails, c.phones, c.languages, c.expertise, c.mandates,
       c.time_zone AS "timeZone", c.status, c.visibility, c.country_code AS "countryCode",
       o.name AS organisation, c.last_confirmed_at AS "lastConfirmedAt", c.created_at AS "createdAt",
       c.updated_at AS "updatedAt"
  FROM contact c JOIN organisation o ON o.id = c.organisation_id WHERE c.id = ANY($1::uuid[]) ORDER BY c.created_at;

-- DirectoryPrivacyRepository.exportContacts (2)
SELECT contact_id AS "contactId", action, changes, at FROM contact_change
  WHERE contact_id = ANY($1::uuid[]) ORDER BY at;

-- DirectoryPrivacyRepository.exportContacts (3)
SELECT contact_id AS "contactId", mandate_code AS mandate, scope, role, country_code AS "countryCode",
       valid_from AS "validFrom", valid_to AS "validTo", status, nominating_authority AS "nominatingAuthority",
       note, created_at AS "createdAt"
  FROM point_of_contact WHERE contact_id = ANY($1::uuid[]) ORDER BY created_at;

-- DirectoryPrivacyRepository.exportContacts (4)
SELECT contact_id AS "contactId", created_at AS "createdAt", answered_at AS "answeredAt", answer,
       escalation_level AS "escalationLevel"
  FROM confirmation_request WHERE contact_id = ANY($1::uuid[]) ORDER BY created_at;

-- DirectoryPrivacyRepository.lexemes
SELECT DISTINCT lexeme FROM contact, unnest(search_doc) WHERE id = ANY($1::uuid[]);

-- DirectoryPrivacyRepository.erase
UPDATE contact SET full_name = $2, sort_name = $2, position = NULL,
        emails = ARRAY['erased-' || id || '@erased.invalid'], phones = '[]'::jsonb, languages = '{}',
        expertise = '{}', expertise_folded = '{}', time_zone = NULL, status = 'departed',
        visibility = 'secretariat', version = version + 1, updated_at = now()
  WHERE id = ANY($1::uuid[]) RETURNING 1;

-- DirectoryPrivacyRepository.erase (2)
UPDATE contact_change SET changes = '{"erased": true}'::jsonb WHERE contact_id = ANY($1::uuid[]) RETURNING 1;

-- DirectoryPrivacyRepository.erase (3)
UPDATE point_of_contact
    SET status = CASE WHEN status = 'proposed' THEN 'rejected' ELSE 'ended' END,
        valid_to = CASE WHEN status = 'active' THEN greatest(valid_from, least(coalesce(valid_to, current_date), current_date))
                        ELSE valid_to END,
        note = NULL, updated_at = now()
  WHERE contact_id = ANY($1::uuid[]) AND status IN ('proposed', 'active') RETURNING 1;

-- DirectoryPrivacyRepository.erase (4)
UPDATE point_of_contact SET note = NULL WHERE contact_id = ANY($1::uuid[]);

-- DirectoryPrivacyRepository.erase (5)
DELETE FROM confirmation_request WHERE contact_id = ANY($1::uuid[]) RETURNING 1;

-- DirectoryPrivacyRepository.forgetWords
DELETE FROM search_term t WHERE t.term = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.search_doc @@ to_tsquery('simple', quote_literal(t.term)));

-- DirectoryPrivacyRepository.forgetWords (2)
UPDATE search_term t SET name = false WHERE t.term = ANY($1::text[]) AND t.name
  AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.search_doc @@ to_tsquery('simple', quote_literal(t.term) || ':A'));

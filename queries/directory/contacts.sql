-- The statements of libs/directory/src/contacts/contacts.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- ContactsRepository.idByEmail
SELECT id FROM contact WHERE emails[1] = $1;

-- ContactsRepository.takenAddresses
SELECT DISTINCT ON (e) e AS email, c.id, c.full_name AS "fullName", c.organisation_id AS "organisationId"
   FROM contact c, unnest(c.emails) e
  WHERE c.emails && $1::text[] AND e = ANY($1::text[]) AND ($2::uuid IS NULL OR c.id <> $2::uuid)
  ORDER BY e, c.id;

-- ContactsRepository.confirmActiveDesignations
UPDATE point_of_contact SET last_confirmed_at = $2 WHERE contact_id = $1 AND status = 'active';

-- ContactsRepository.answerOpenRequestsConfirmed
UPDATE confirmation_request SET answered_at = $2, answer = 'confirmed' WHERE contact_id = $1 AND answered_at IS NULL;

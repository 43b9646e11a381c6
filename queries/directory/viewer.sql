-- The statements of libs/directory/src/viewer.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- ViewerRepository.organisationKind
SELECT kind FROM organisation WHERE id = $1;

-- ViewerRepository.hiddenEmails
SELECT a.email FROM unnest($1::text[], $2::uuid[]) AS a(email, organisation_id)
   LEFT JOIN organisation o ON o.id = a.organisation_id
  WHERE CASE WHEN EXISTS (SELECT 1 FROM contact c WHERE c.emails @> ARRAY[a.email])
             THEN NOT EXISTS (SELECT 1 FROM contact c WHERE c.emails @> ARRAY[a.email] AND ${visible.sql})
             -- No entry: the default level of the account's organisation, and colleagues see each other.
             ELSE o.kind = ANY($${3 + visible.params.length}::text[])
                  AND NOT ('law_enforcement' = ANY($3::text[]))
                  AND a.organisation_id IS DISTINCT FROM $5::uuid
        END;

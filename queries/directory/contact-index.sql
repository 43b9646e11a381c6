-- The statements of libs/directory/src/contacts/contact-index.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- ContactIndexRepository.mandateNames
SELECT code, name FROM mandate;

-- ContactIndexRepository.sources
SELECT c.id, c.full_name, c.position, c.expertise, c.mandates, o.name AS org_name, o.acronym AS org_acronym,
         cn.name AS country_name
  FROM contact c JOIN organisation o ON o.id = c.organisation_id LEFT JOIN country cn ON cn.code = c.country_code
  WHERE c.id = ANY($1::uuid[]);

-- ContactIndexRepository.writeSearchColumns
UPDATE contact c SET search_names = d.names,
    search_doc = setweight(to_tsvector('simple', d.names), 'A')
              || setweight(to_tsvector('simple', d.b), 'B')
              || setweight(to_tsvector('simple', d.c), 'C')
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS d(id, names, b, c)
  WHERE c.id = d.id;

-- ContactIndexRepository.addSearchTerms
INSERT INTO search_term (term, name)
  SELECT lexeme, bool_or('A' = ANY(weights)) FROM contact, unnest(search_doc) WHERE id = ANY($1::uuid[])
  GROUP BY lexeme ORDER BY lexeme
  ON CONFLICT (term) DO UPDATE SET name = true WHERE EXCLUDED.name AND NOT search_term.name;

-- ContactIndexRepository.contactIdsOf
SELECT id FROM contact WHERE organisation_id = $1;

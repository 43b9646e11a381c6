-- The statements of libs/directory/src/organisations/organisations.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- OrganisationsRepository.search
(liaison_unaccent(lower(o.name || ' ' || coalesce(o.acronym, ''))) % liaison_unaccent(lower(:q)) OR liaison_unaccent(lower(o.name || ' ' || coalesce(o.acronym, ''))) LIKE '%' || liaison_unaccent(lower(:qLike)) || '%');

-- OrganisationsRepository.countryExists
SELECT 1 FROM country WHERE code = $1;

-- OrganisationsRepository.isSelfOrAncestor
WITH RECURSIVE up(id) AS (SELECT $1::uuid UNION SELECT o.parent_id FROM organisation o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL)
  SELECT EXISTS (SELECT 1 FROM up WHERE id = $2::uuid) AS cycle;

-- OrganisationsRepository.copyToContacts
UPDATE contact SET country_code = $2, organisation_kind = $3 WHERE organisation_id = $1;

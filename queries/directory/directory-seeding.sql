-- The statements of libs/directory/src/seeding/directory-seeding.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- DirectorySeedingRepository.countOrganisations
SELECT count(*)::int AS present FROM organisation WHERE id = ANY($1::uuid[]);

-- DirectorySeedingRepository.mandateCodes
SELECT code FROM mandate;

-- DirectorySeedingRepository.insertOrganisations
INSERT INTO organisation (id, name, acronym, kind, country_code, parent_id, website, verified_at)
  SELECT id, name, acronym, kind, country_code, parent_id, website, verified_at
    FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, acronym text, kind text, country_code char(2),
         parent_id uuid, website text, verified_at timestamptz);

-- DirectorySeedingRepository.insertContacts
INSERT INTO contact (id, organisation_id, organisation_kind, country_code, full_name, sort_name, position, emails,
         phones, languages, expertise, expertise_folded, mandates, time_zone, status, visibility, last_confirmed_at,
         search_names, version, created_at, updated_at)
  SELECT id, organisation_id, (SELECT o.kind FROM organisation o WHERE o.id = r.organisation_id), country_code,
         full_name, sort_name, position, emails, phones, languages, expertise, expertise_folded, mandates, time_zone,
         status, visibility, last_confirmed_at, search_names, 1, created_at, last_confirmed_at
    FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, organisation_id uuid, country_code char(2), full_name text,
         sort_name text, position text, emails text[], phones jsonb, languages text[], expertise text[],
         expertise_folded text[], mandates text[], time_zone text, status text, visibility text,
         last_confirmed_at timestamptz, search_names text, created_at timestamptz);

-- DirectorySeedingRepository.insertDesignations
INSERT INTO point_of_contact (id, contact_id, mandate_code, scope, country_code, organisation_id, role, valid_from,
         valid_to, status, nominating_authority, decided_at, replaces_id, last_confirmed_at, created_at, updated_at)
  SELECT id, contact_id, mandate_code, scope, country_code, organisation_id, role, valid_from, valid_to, status,
         nominating_authority, decided_at, replaces_id, last_confirmed_at, decided_at, last_confirmed_at
    FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, contact_id uuid, mandate_code text, scope text,
         country_code char(2), organisation_id uuid, role text, valid_from date, valid_to date, status text,
         nominating_authority text, decided_at timestamptz, replaces_id uuid, last_confirmed_at timestamptz);

-- DirectorySeedingRepository.leadOrganisations
SELECT DISTINCT ON (country_code) country_code AS code, id FROM organisation
  WHERE country_code IS NOT NULL ORDER BY country_code, (kind = 'law_enforcement') DESC, name;

-- The statements of libs/directory/src/coverage/coverage.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- CoverageRepository.countries
SELECT code, name, region, eu_member FROM country
  WHERE ($1::boolean OR network_member OR eu_member) AND ($2::text IS NULL OR region = $2) AND (NOT $3::boolean OR eu_member)
  ORDER BY name;

-- CoverageRepository.activeMandates
SELECT code, name FROM mandate WHERE active ORDER BY sort_order, code;

-- CoverageRepository.designationsByCell
SELECT p.country_code, p.mandate_code,
         json_agg(json_build_object(
           'designationId', p.id, 'contactId', c.id, 'fullName', c.full_name, 'organisationName', o.name,
           'lastConfirmedAt', least(c.last_confirmed_at, p.last_confirmed_at), 'status', c.status, 'role', p.role,
           'stale', least(c.last_confirmed_at, p.last_confirmed_at) < now() - make_interval(days => $5::int))
           ORDER BY p.role, p.valid_from) AS people
  FROM point_of_contact p
  JOIN contact c ON c.id = p.contact_id
  JOIN organisation o ON o.id = c.organisation_id
  WHERE ${visible.sql} AND p.scope = 'national' AND p.status = 'active'
    AND p.valid_from <= current_date AND (p.valid_to IS NULL OR p.valid_to >= current_date)
  GROUP BY p.country_code, p.mandate_code;

-- The statements of libs/outreach/src/audience/audience.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- audienceSql.clause
(o.id = ANY(${ids}::uuid[]) OR o.parent_id = ANY(${ids}::uuid[]));

-- AudienceRepository.unknownNames
SELECT
  ARRAY(SELECT x FROM unnest($1::text[]) x WHERE NOT EXISTS (SELECT 1 FROM directory_country WHERE code = x)) AS countries,
  ARRAY(SELECT x FROM unnest($2::text[]) x WHERE NOT EXISTS (SELECT 1 FROM directory_country WHERE region = x)) AS regions,
  ARRAY(SELECT x::text FROM unnest($3::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM directory_organisation WHERE id = x)) AS organisations,
  ARRAY(SELECT x FROM unnest($4::text[]) x WHERE NOT EXISTS (SELECT 1 FROM directory_mandate WHERE code = x)) AS mandates,
  ARRAY(SELECT x::text FROM unnest($5::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM planning_group WHERE id = x)) AS groups,
  ARRAY(SELECT x::text FROM unnest($6::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM identity_account WHERE id = x)) AS users;

-- AudienceRepository.count
SELECT count(*)::int AS count FROM identity_account u LEFT JOIN directory_organisation o ON o.id = u.organisation_id LEFT JOIN directory_country co ON co.code = o.country_code WHERE ${where};

-- AudienceRepository.sample
SELECT u.id AS "userId", u.display_name AS "displayName", o.name AS "organisationName", o.country_code AS "countryCode"
  FROM identity_account u LEFT JOIN directory_organisation o ON o.id = u.organisation_id LEFT JOIN directory_country co ON co.code = o.country_code WHERE ${where} ORDER BY o.country_code NULLS LAST, u.display_name LIMIT ${size};

-- AudienceRepository.countUnreached
SELECT count(*)::int AS missing FROM directory_contact ct LEFT JOIN directory_organisation o ON o.id = ct.organisation_id LEFT JOIN directory_country co ON co.code = o.country_code WHERE ${where};

-- AudienceRepository.anybody
SELECT EXISTS (SELECT 1 FROM identity_account u LEFT JOIN directory_organisation o ON o.id = u.organisation_id LEFT JOIN directory_country co ON co.code = o.country_code WHERE ${where}) AS anybody;

-- AudienceRepository.writeDeliveries
INSERT INTO announcement_delivery (announcement_id, user_id, country_code, organisation_kind)
  SELECT $1, u.id, o.country_code, o.kind FROM identity_account u LEFT JOIN directory_organisation o ON o.id = u.organisation_id LEFT JOIN directory_country co ON co.code = o.country_code WHERE ${where}
  ON CONFLICT DO NOTHING;

-- AudienceRepository.writeDeliveries (2)
SELECT count(*)::int AS count FROM announcement_delivery WHERE announcement_id = $1;

-- AudienceRepository.seedDeliveries
INSERT INTO announcement_delivery (announcement_id, user_id, country_code, organisation_kind, delivered_at)
  SELECT $1, u.id, o.country_code, o.kind, $2 FROM identity_account u LEFT JOIN directory_organisation o ON o.id = u.organisation_id LEFT JOIN directory_country co ON co.code = o.country_code WHERE ${audienceSql(audience, params, COMPOSER_LEVELS)};

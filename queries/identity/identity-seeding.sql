-- The statements of libs/identity/src/seeding/identity-seeding.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- IdentitySeedingRepository.passwordHashOf
SELECT password_hash AS "passwordHash" FROM user_account WHERE email = $1;

-- IdentitySeedingRepository.idsByEmail
SELECT id, lower(email) AS email FROM user_account WHERE lower(email) = ANY($1);

-- IdentitySeedingRepository.createContactAccounts
INSERT INTO user_account (email, display_name, password_hash, roles, organisation_id)
  SELECT DISTINCT ON (c.emails[1]) c.emails[1], c.full_name, $1, '{member}', c.organisation_id
    FROM directory_contact c JOIN directory_designation p ON p.contact_id = c.id AND p.status = 'active'
    JOIN directory_organisation o ON o.id = c.organisation_id LEFT JOIN directory_country co ON co.code = o.country_code
   WHERE c.status <> 'departed'
     AND ((p.mandate_code = ANY($3::text[]) AND co.eu_member) OR o.id = $2)
     AND c.emails[1] = ANY($4::text[])
     AND NOT EXISTS (SELECT 1 FROM user_account u WHERE lower(u.email::text) = ANY(c.emails))
   ORDER BY c.emails[1];

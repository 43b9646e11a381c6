-- The statements of libs/identity/src/users/users.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- UsersRepository.list
(u.email ILIKE :q OR u.display_name ILIKE :q);

-- UsersRepository.emailOf
SELECT email FROM user_account WHERE id = $1;

-- UsersRepository.activeAdminsOf
SELECT id AS "userId", email, display_name AS "displayName" FROM user_account
  WHERE organisation_id = $1 AND status = 'active' AND 'org_admin' = ANY(roles) ORDER BY email;

-- UsersRepository.activeSecretariat
SELECT id AS "userId", email, display_name AS "displayName" FROM user_account
  WHERE status = 'active' AND 'secretariat' = ANY(roles) ORDER BY email;

-- UsersRepository.activeIdsByEmail
SELECT id, lower(email) AS email FROM user_account WHERE status = 'active' AND lower(email) = ANY($1::text[]);

-- UsersRepository.activePeople
SELECT u.id, u.display_name AS "displayName", u.email, u.organisation_id AS "organisationId", o.name AS "organisationName"
   FROM user_account u LEFT JOIN directory_organisation o ON o.id = u.organisation_id
  WHERE u.status = 'active' AND ${where}
  ORDER BY u.display_name, u.id LIMIT 100;

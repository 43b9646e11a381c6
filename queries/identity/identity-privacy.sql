-- The statements of libs/identity/src/privacy/identity-privacy.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- IdentityPrivacyRepository.accountById
SELECT id, email::text AS email, display_name AS "displayName" FROM user_account WHERE id = $1;

-- IdentityPrivacyRepository.accountStatus
SELECT status FROM user_account WHERE id = $1;

-- IdentityPrivacyRepository.accountsByEmail
SELECT id, email::text AS email, display_name AS "displayName" FROM user_account
  WHERE lower(email::text) = ANY($1::text[]) ORDER BY created_at;

-- IdentityPrivacyRepository.exportAccount
SELECT email::text AS email, display_name AS "displayName", roles, organisation_id AS "organisationId", status,
       mfa_enabled_at AS "mfaEnabledAt", last_sign_in_at AS "lastSignInAt", created_at AS "createdAt",
       updated_at AS "updatedAt"
  FROM user_account WHERE id = $1;

-- IdentityPrivacyRepository.exportAccount (2)
SELECT id, device, ip, created_at AS "createdAt", last_used_at AS "lastUsedAt", expires_at AS "expiresAt",
       revoked_at AS "revokedAt", revoked_reason AS "revokedReason"
  FROM session WHERE user_id = $1 ORDER BY created_at;

-- IdentityPrivacyRepository.exportAccount (3)
SELECT count(*) FILTER (WHERE used_at IS NULL)::int AS unused, count(*) FILTER (WHERE used_at IS NOT NULL)::int AS used
  FROM mfa_recovery_code WHERE user_id = $1;

-- IdentityPrivacyRepository.exportAccount (4)
SELECT id, role, organisation_id AS "organisationId", created_at AS "createdAt", accepted_at AS "acceptedAt"
  FROM invitation WHERE invited_by = $1 ORDER BY created_at;

-- IdentityPrivacyRepository.invitationsTo
SELECT id, email::text AS email, display_name AS "displayName", role, organisation_id AS "organisationId",
       created_at AS "createdAt", expires_at AS "expiresAt", accepted_at AS "acceptedAt"
  FROM invitation WHERE lower(email::text) = ANY($1::text[]) ORDER BY created_at;

-- IdentityPrivacyRepository.erase
WITH gone AS (DELETE FROM session WHERE user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone;

-- IdentityPrivacyRepository.erase (2)
WITH gone AS (DELETE FROM mfa_recovery_code WHERE user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone;

-- IdentityPrivacyRepository.erase (3)
UPDATE user_account SET email = 'erased-' || id || '@erased.invalid', display_name = $2,
        password_hash = '!erased', mfa_secret = NULL, mfa_pending_secret = NULL, mfa_enabled_at = NULL,
        status = 'disabled', last_sign_in_at = NULL, updated_at = now()
  WHERE id = $1 RETURNING id;

-- IdentityPrivacyRepository.erase (4)
UPDATE invitation SET email = 'erased-' || id || '@erased.invalid', display_name = $2,
        token_hash = 'erased-' || id, expires_at = least(expires_at, now())
  WHERE lower(email::text) = ANY($1::text[]) RETURNING id;

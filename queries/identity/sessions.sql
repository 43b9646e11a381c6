-- The statements of libs/identity/src/sessions/sessions.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- SessionsRepository.spentRefreshToken
SELECT spent_at > now() - make_interval(secs => $2) AS recent, successor_sealed AS sealed
  FROM refresh_token WHERE id = $1;

-- SessionsRepository.sealSuccessor
UPDATE refresh_token SET successor_sealed = CASE WHEN id = $2 THEN $3 ELSE NULL END
  WHERE session_id = $1 AND (id = $2 OR (successor_sealed IS NOT NULL AND spent_at < now() - make_interval(secs => $4)));

-- SessionsRepository.activeSessionUser
SELECT u.id, u.email, u.roles, u.organisation_id AS "organisationId", o.kind AS "organisationKind",
        u.mfa_enabled_at IS NOT NULL AS "mfaEnabled", s.expires_at AS "expiresAt"
   FROM session s JOIN user_account u ON u.id = s.user_id LEFT JOIN directory_organisation o ON o.id = u.organisation_id
  WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active';

-- SessionsRepository.markReauthenticated
UPDATE session SET reauthenticated_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
  RETURNING reauthenticated_at;

-- SessionsRepository.isFresh
SELECT 1 FROM session WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
  AND reauthenticated_at > now() - make_interval(secs => $3);

-- SessionsRepository.freshUntil
SELECT reauthenticated_at + make_interval(secs => $3) AS until FROM session
  WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
    AND reauthenticated_at > now() - make_interval(secs => $3);

-- The statements of libs/identity/src/invitations/invitations.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- InvitationsRepository.organisationExists
SELECT 1 FROM directory_organisation WHERE id = $1;

-- InvitationsRepository.hasForeignPending
SELECT 1 FROM invitation i LEFT JOIN user_account u ON u.id = i.invited_by
  WHERE i.email = $1 AND i.accepted_at IS NULL AND i.expires_at > now()
    AND (i.organisation_id IS DISTINCT FROM $2 OR u.id IS NULL OR 'secretariat' = ANY(u.roles));

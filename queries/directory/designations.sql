-- The statements of libs/directory/src/designations/designations.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- DesignationsRepository.listIds
(p.status IN ('active', 'ended') OR c.organisation_id = $${values.length - 1}::uuid OR p.nominated_by = $${values.length}::uuid);

-- DesignationsRepository.listIds (2)
SELECT p.id FROM point_of_contact p JOIN contact c ON c.id = p.contact_id
  WHERE ${where.join(' AND ')} ORDER BY p.mandate_code, p.country_code, p.role, p.valid_from DESC LIMIT 1000;

-- DesignationsRepository.openIdsOf
SELECT id FROM point_of_contact WHERE contact_id = $1 AND status IN ('active', 'proposed') ORDER BY mandate_code;

-- DesignationsRepository.mandateActive
SELECT active FROM mandate WHERE code = $1;

-- DesignationsRepository.isOrganisationOrAncestor
WITH RECURSIVE up(id) AS (SELECT $1::uuid UNION SELECT o.parent_id FROM organisation o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL)
  SELECT EXISTS (SELECT 1 FROM up WHERE id = $2::uuid) AS related;

-- DesignationsRepository.lockOverlappingPrimary
SELECT p.id, p.valid_from::text FROM point_of_contact p
  WHERE p.status = 'active' AND p.role = 'primary' AND p.mandate_code = $1 AND p.scope = $2
    AND coalesce(p.country_code, '') = coalesce($3, '') AND coalesce(p.organisation_id::text, '') = coalesce($4, '')
    AND daterange(p.valid_from, p.valid_to, '[]') && daterange($5::date, $6::date, '[]')
    AND ($7::uuid IS NULL OR p.id <> $7::uuid)
  FOR UPDATE;

-- DesignationsRepository.answerOpenRequestsDeparted
UPDATE confirmation_request SET answered_at = now(), answer = 'departed' WHERE contact_id = $1 AND answered_at IS NULL;

-- DesignationsRepository.refreshMandates
UPDATE contact c SET mandates = ARRAY(
    SELECT DISTINCT p.mandate_code FROM point_of_contact p
    WHERE p.contact_id = c.id AND p.status = 'active' AND p.valid_from <= current_date
      AND (p.valid_to IS NULL OR p.valid_to >= current_date) ORDER BY 1)
  WHERE c.id = ANY($1::uuid[]);

-- DesignationsRepository.endExpired
WITH e AS (UPDATE point_of_contact SET status = 'ended' WHERE status = 'active' AND valid_to < current_date RETURNING contact_id)
  SELECT contact_id FROM e;

-- DesignationsRepository.startingToday
SELECT c.id FROM contact c WHERE EXISTS (SELECT 1 FROM point_of_contact p WHERE p.contact_id = c.id AND p.status = 'active' AND p.valid_from = current_date);

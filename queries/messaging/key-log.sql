-- The statements of libs/messaging/src/transparency/key-log.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- KeyLogRepository.appending
SELECT pg_advisory_xact_lock($1);

-- KeyLogRepository.leafHashes
SELECT leaf_hash FROM key_log_entry WHERE $1::integer IS NULL OR position < $1 ORDER BY position;

-- KeyLogRepository.insertEntry
INSERT INTO key_log_entry (position, user_id, kind, device_id, record, leaf_hash) VALUES ($1, $2, $3, $4, $5, $6);

-- KeyLogRepository.insertHead
INSERT INTO key_log_head (size, root, issued_at, signature) VALUES ($1, $2, $3, $4);

-- KeyLogRepository.latestHead
SELECT size, root, issued_at AS "issuedAt", signature FROM key_log_head ORDER BY size DESC LIMIT 1;

-- KeyLogRepository.headOfSize
SELECT size, root, issued_at AS "issuedAt", signature FROM key_log_head WHERE size = $1;

-- KeyLogRepository.entriesOf
SELECT position, user_id AS "userId", kind, device_id AS "deviceId", record
  FROM key_log_entry WHERE user_id = $1 AND position < $2 ORDER BY position;

-- KeyLogRepository.currentIdentity
SELECT position, user_id AS "userId", kind, device_id AS "deviceId", record
  FROM key_log_entry WHERE user_id = $1 AND kind = 'identity' ORDER BY position DESC LIMIT 1;

-- KeyLogRepository.device
SELECT user_id AS "userId", device_id AS "deviceId", signature_key AS "signatureKey",
       identity_key AS "identityKey", revoked_at IS NOT NULL AS revoked
  FROM mls_device WHERE user_id = $1 AND device_id = $2;

-- KeyLogRepository.countDevices
SELECT count(*)::int AS n FROM mls_device WHERE user_id = $1 AND revoked_at IS NULL;

-- KeyLogRepository.insertDevice
INSERT INTO mls_device (user_id, device_id, signature_key, identity_key) VALUES ($1, $2, $3, $4);

-- KeyLogRepository.recertifyDevice
UPDATE mls_device SET identity_key = $3 WHERE user_id = $1 AND device_id = $2;

-- KeyLogRepository.revokeDevice
UPDATE mls_device SET revoked_at = now() WHERE user_id = $1 AND device_id = $2;

-- KeyLogRepository.revokeDevice (2)
DELETE FROM mls_key_package WHERE user_id = $1 AND device_id = $2;

-- KeyLogRepository.countKeyPackages
SELECT count(*)::int AS n FROM mls_key_package
  WHERE user_id = $1 AND device_id = $2 AND expires_at > now() + interval '1 hour';

-- KeyLogRepository.insertKeyPackagesWithin
SELECT 1 FROM mls_device WHERE user_id = $1 AND device_id = $2 FOR UPDATE;

-- KeyLogRepository.insertKeyPackagesWithin (2)
DELETE FROM mls_key_package WHERE user_id = $1 AND device_id = $2
  AND (expires_at IS NULL OR expires_at <= now() + interval '1 hour');

-- KeyLogRepository.insertKeyPackagesWithin (3)
SELECT count(*)::int AS n FROM mls_key_package WHERE user_id = $1 AND device_id = $2;

-- KeyLogRepository.insertKeyPackagesWithin (4)
INSERT INTO mls_key_package (id, user_id, device_id, key_package, expires_at)
  SELECT gen_random_uuid(), $1, $2, kp, e FROM unnest($3::bytea[], $4::timestamptz[]) AS x(kp, e);

-- KeyLogRepository.identityChangesToday
SELECT count(*)::int AS n FROM key_log_entry WHERE user_id = $1 AND kind = 'identity'
  AND created_at > now() - interval '1 day';

-- KeyLogRepository.claimAlone
SELECT pg_advisory_xact_lock(hashtext('mls-key-package-claims'), hashtext($1));

-- KeyLogRepository.claimsInLastHour
SELECT count(*)::int AS n FROM mls_key_package_claim WHERE claimed_by = $1 AND claimed_at > now() - interval '1 hour';

-- KeyLogRepository.claimKeyPackages
WITH picked AS (
    SELECT k.id
      FROM mls_device d
     CROSS JOIN LATERAL (
           SELECT id FROM mls_key_package k
            WHERE k.user_id = d.user_id AND k.device_id = d.device_id
              AND k.expires_at > now() + interval '1 hour'
            ORDER BY k.created_at, k.id LIMIT 1
              FOR UPDATE SKIP LOCKED) k
     WHERE d.user_id = ANY($1::uuid[]) AND d.revoked_at IS NULL
       AND ($3::uuid[] IS NULL OR (d.user_id, d.device_id) IN (SELECT * FROM unnest($3::uuid[], $4::text[])))
       -- Only devices certified by the person's current identity key (others are refused by clients).
       AND translate(rtrim(encode(d.identity_key, 'base64'), '='), '+/', '-_') = (
           SELECT e.record->>'identityKey' FROM key_log_entry e
            WHERE e.user_id = d.user_id AND e.kind = 'identity' ORDER BY e.position DESC LIMIT 1)
  ),
  taken AS (
    DELETE FROM mls_key_package k USING picked WHERE k.id = picked.id
    RETURNING k.user_id, k.device_id, k.key_package
  ),
  claimed AS (
    INSERT INTO mls_key_package_claim (id, claimed_by, user_id, device_id)
    SELECT gen_random_uuid(), $2, user_id, device_id FROM taken
  )
  SELECT user_id AS "userId", device_id AS "deviceId", key_package AS "keyPackage" FROM taken;

-- KeyLogRepository.activeDevices
SELECT user_id AS "userId", device_id AS "deviceId" FROM mls_device
  WHERE user_id = ANY($1::uuid[]) AND revoked_at IS NULL ORDER BY user_id, device_id;

-- The statements of libs/messaging/src/keys/key-backup.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- KeyBackupRepository.find
SELECT user_id AS "userId", blob, version, updated_at AS "updatedAt" FROM key_backup WHERE user_id = $1;

-- KeyBackupRepository.lockVersion
SELECT version FROM key_backup WHERE user_id = $1 FOR UPDATE;

-- KeyBackupRepository.put
INSERT INTO key_backup (user_id, blob, version, updated_at) VALUES ($1, $2::jsonb, $3 + 1, now())
  ON CONFLICT (user_id) DO UPDATE SET blob = EXCLUDED.blob, version = EXCLUDED.version, updated_at = now()
   WHERE key_backup.version = $3
  RETURNING user_id AS "userId", blob, version, updated_at AS "updatedAt";

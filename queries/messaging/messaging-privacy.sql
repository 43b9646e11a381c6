-- The statements of libs/messaging/src/privacy/messaging-privacy.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- deleted
WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone;

-- MessagingPrivacyRepository.export
SELECT device_id AS "deviceId", created_at AS "createdAt", revoked_at AS "revokedAt"
  FROM mls_device WHERE user_id = $1 ORDER BY created_at;

-- MessagingPrivacyRepository.export (2)
SELECT m.thread_id AS "threadId", m.role, t.created_at AS "threadCreatedAt",
       (SELECT count(*)::int FROM mls_message x
         WHERE x.thread_id = m.thread_id AND x.sender_user_id = $1 AND x.kind = 'application') AS "messagesSent"
  FROM mls_thread_member m JOIN mls_thread t ON t.id = m.thread_id WHERE m.user_id = $1 ORDER BY t.created_at;

-- MessagingPrivacyRepository.export (3)
SELECT updated_at AS "updatedAt" FROM key_backup WHERE user_id = $1;

-- MessagingPrivacyRepository.threadsOf
SELECT thread_id AS "threadId" FROM mls_thread_member WHERE user_id = $1;

-- MessagingPrivacyRepository.eraseKeys: keyPackages
DELETE FROM mls_key_package WHERE user_id = $1;

-- MessagingPrivacyRepository.eraseKeys: keyBackups
DELETE FROM key_backup WHERE user_id = $1;

-- MessagingPrivacyRepository.eraseKeys: historyArchives
DELETE FROM history_archive_chunk WHERE user_id = $1;

-- MessagingPrivacyRepository.eraseKeys: welcomes
DELETE FROM mls_welcome WHERE user_id = $1;

-- MessagingPrivacyRepository.expire
DELETE FROM mls_message WHERE created_at < $1 AND kind = 'application';

-- MessagingPrivacyRepository.expire (2)
WITH gone AS (DELETE FROM mls_attachment WHERE created_at < $1 RETURNING thread_id, id)
  SELECT thread_id AS "threadId", id FROM gone;

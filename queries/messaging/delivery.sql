-- The statements of libs/messaging/src/delivery/delivery.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- DeliveryRepository.insertThread
INSERT INTO mls_thread (id, created_by, linked_type, linked_id, retention_days) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (id) DO NOTHING RETURNING id;

-- DeliveryRepository.lockForMember
SELECT t.id, t.created_by AS "createdBy", t.epoch, t.last_seq::int AS "lastSeq", t.linked_type AS "linkedType",
    t.linked_id AS "linkedId", t.retention_days AS "retentionDays", t.created_at AS "createdAt" FROM mls_thread t
  WHERE t.id = $1 AND EXISTS (SELECT 1 FROM mls_thread_member x WHERE x.thread_id = t.id AND x.user_id = $2)
  FOR UPDATE;

-- DeliveryRepository.forMember
SELECT t.id, t.created_by AS "createdBy", t.epoch, t.last_seq::int AS "lastSeq", t.linked_type AS "linkedType",
    t.linked_id AS "linkedId", t.retention_days AS "retentionDays", t.created_at AS "createdAt", x.role FROM mls_thread t JOIN mls_thread_member x ON x.thread_id = t.id AND x.user_id = $2
  WHERE t.id = $1;

-- DeliveryRepository.hasApplicationMessage
SELECT 1 FROM mls_message g JOIN mls_thread_member x ON x.thread_id = g.thread_id AND x.user_id = $3
  WHERE g.thread_id = $1 AND g.id = $2 AND g.kind = 'application';

-- DeliveryRepository.devices
SELECT user_id AS "userId", device_id AS "deviceId", joined_seq::int AS "joinedSeq", left_at IS NOT NULL AS left
  FROM mls_thread_device WHERE thread_id = $1 ORDER BY user_id, device_id;

-- DeliveryRepository.members
SELECT user_id AS "userId", role, last_read_seq::int AS "lastReadSeq" FROM mls_thread_member
  WHERE thread_id = $1 ORDER BY user_id;

-- DeliveryRepository.roleOf
SELECT role FROM mls_thread_member WHERE thread_id = $1 AND user_id = $2;

-- DeliveryRepository.retiredDevices
SELECT d.user_id AS "userId", d.device_id AS "deviceId"
   FROM mls_device d
   LEFT JOIN LATERAL (
     SELECT e.record->>'identityKey' AS key FROM key_log_entry e
      WHERE e.user_id = d.user_id AND e.kind = 'identity' ORDER BY e.position DESC LIMIT 1
   ) latest ON true
  WHERE (d.user_id, d.device_id) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
    AND (d.revoked_at IS NOT NULL
         OR latest.key IS DISTINCT FROM rtrim(translate(encode(d.identity_key, 'base64'), '+/', '-_'), '='));

-- DeliveryRepository.useClaims
UPDATE mls_key_package_claim SET used_at = now()
  WHERE id = (SELECT id FROM mls_key_package_claim
               WHERE claimed_by = $1 AND user_id = $2 AND device_id = $3 AND used_at IS NULL
                 AND claimed_at > now() - interval '7 days'
               ORDER BY claimed_at LIMIT 1 FOR UPDATE);

-- DeliveryRepository.proposalAfter
SELECT 1 FROM mls_message WHERE thread_id = $1 AND epoch = $2 AND kind = 'proposal' AND seq > $3 LIMIT 1;

-- DeliveryRepository.nextSeq
UPDATE mls_thread SET last_seq = last_seq + 1, epoch = epoch + $2 WHERE id = $1
  RETURNING last_seq::int AS seq, epoch;

-- DeliveryRepository.insertMessage
INSERT INTO mls_message (id, thread_id, seq, epoch, kind, sender_user_id, sender_device_id, client_message_id, body, declared)
  VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, seq::int AS seq, epoch, kind, sender_user_id AS "senderUserId", sender_device_id AS "senderDeviceId",
    client_message_id AS "clientMessageId", body, declared, created_at AS "createdAt";

-- DeliveryRepository.insertApplication
WITH dev AS (
    SELECT 1 FROM mls_thread_device d
      JOIN mls_device k ON k.user_id = d.user_id AND k.device_id = d.device_id AND k.revoked_at IS NULL
     WHERE d.thread_id = $1 AND d.user_id = $3 AND d.device_id = $4 AND d.left_at IS NULL),
  -- The devices were read in this statement's snapshot: if a leave committed while this waited
  -- for the thread's row, the row's roster_version moved and nothing is stored.
  roster AS (SELECT roster_version FROM mls_thread WHERE id = $1),
  t AS (
    UPDATE mls_thread SET last_seq = last_seq + 1
     WHERE id = $1 AND epoch = $2 AND roster_version = (SELECT roster_version FROM roster)
       AND EXISTS (SELECT 1 FROM dev)
       AND NOT EXISTS (SELECT 1 FROM mls_message WHERE thread_id = $1 AND sender_user_id = $3 AND client_message_id = $5)
    RETURNING last_seq)
  INSERT INTO mls_message (id, thread_id, seq, epoch, kind, sender_user_id, sender_device_id, client_message_id, body)
  SELECT gen_random_uuid(), $1, t.last_seq, $2, 'application', $3, $4, $5, $6 FROM t
  RETURNING id, seq::int AS seq, created_at AS "createdAt";

-- DeliveryRepository.insertApplications
WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::text[], $6::bytea[])
      WITH ORDINALITY AS i(thread_id, epoch, sender_user_id, sender_device_id, client_message_id, body, ord)),
  accepted AS (
    SELECT i.* FROM input i
     WHERE EXISTS (
             SELECT 1 FROM mls_thread_device d
               JOIN mls_device k ON k.user_id = d.user_id AND k.device_id = d.device_id AND k.revoked_at IS NULL
              WHERE d.thread_id = i.thread_id AND d.user_id = i.sender_user_id
                AND d.device_id = i.sender_device_id AND d.left_at IS NULL)
       AND NOT EXISTS (
             SELECT 1 FROM mls_message x
              WHERE x.thread_id = i.thread_id AND x.sender_user_id = i.sender_user_id
                AND x.client_message_id = i.client_message_id)),
  counted AS (
    SELECT a.thread_id, a.epoch, count(*)::int AS n, r.roster_version
      FROM accepted a JOIN mls_thread r ON r.id = a.thread_id
     GROUP BY a.thread_id, a.epoch, r.roster_version),
  locked AS (
    SELECT t.id FROM mls_thread t WHERE t.id IN (SELECT thread_id FROM counted) ORDER BY t.id FOR NO KEY UPDATE),
  bumped AS (
    UPDATE mls_thread t SET last_seq = t.last_seq + c.n FROM counted c, locked l
     WHERE t.id = c.thread_id AND t.epoch = c.epoch AND t.roster_version = c.roster_version AND l.id = t.id
    RETURNING t.id, t.epoch, t.last_seq - c.n AS base)
  INSERT INTO mls_message (id, thread_id, seq, epoch, kind, sender_user_id, sender_device_id, client_message_id, body)
  SELECT gen_random_uuid(), a.thread_id, b.base + row_number() OVER (PARTITION BY a.thread_id ORDER BY a.ord),
         a.epoch, 'application', a.sender_user_id, a.sender_device_id, a.client_message_id, a.body
    FROM accepted a JOIN bumped b ON b.id = a.thread_id AND b.epoch = a.epoch
  RETURNING id, seq::int AS seq, created_at AS "createdAt", thread_id AS "threadId",
            sender_user_id AS "senderUserId", client_message_id AS "clientMessageId";

-- DeliveryRepository.sendingState
SELECT t.epoch, EXISTS (
          SELECT 1 FROM mls_thread_device d
            JOIN mls_device k ON k.user_id = d.user_id AND k.device_id = d.device_id AND k.revoked_at IS NULL
           WHERE d.thread_id = t.id AND d.user_id = $2 AND d.device_id = $3 AND d.left_at IS NULL) AS "deviceIn"
   FROM mls_thread t
  WHERE t.id = $1 AND EXISTS (SELECT 1 FROM mls_thread_member x WHERE x.thread_id = t.id AND x.user_id = $2);

-- DeliveryRepository.messageByClientId
SELECT id, seq::int AS seq, epoch, kind, sender_user_id AS "senderUserId", sender_device_id AS "senderDeviceId",
    client_message_id AS "clientMessageId", body, declared, created_at AS "createdAt" FROM mls_message WHERE thread_id = $1 AND sender_user_id = $2 AND client_message_id = $3;

-- DeliveryRepository.addDevices
INSERT INTO mls_thread_device (thread_id, user_id, device_id, joined_seq)
  SELECT $1, u, d, $4 FROM unnest($2::uuid[], $3::text[]) AS x(u, d)
  ON CONFLICT (thread_id, user_id, device_id) DO UPDATE SET joined_seq = EXCLUDED.joined_seq, left_at = NULL;

-- DeliveryRepository.removeDevices
UPDATE mls_thread_device SET left_at = coalesce(left_at, now()) WHERE thread_id = $1
  AND (user_id, device_id) IN (SELECT * FROM unnest($2::uuid[], $3::text[]));

-- DeliveryRepository.markLeft
UPDATE mls_thread SET roster_version = roster_version + 1 WHERE id = $1;

-- DeliveryRepository.markLeft (2)
UPDATE mls_thread_device SET left_at = now() WHERE thread_id = $1 AND user_id = $2;

-- DeliveryRepository.markLeft (3)
DELETE FROM mls_thread_member WHERE thread_id = $1 AND user_id = $2;

-- DeliveryRepository.setRole
UPDATE mls_thread_member SET role = $3 WHERE thread_id = $1 AND user_id = $2;

-- DeliveryRepository.adminCount
SELECT count(*)::int AS n FROM mls_thread_member WHERE thread_id = $1 AND role = 'admin';

-- DeliveryRepository.keepAnAdmin
UPDATE mls_thread_member x SET role = 'admin'
  WHERE x.thread_id = $1 AND NOT EXISTS (SELECT 1 FROM mls_thread_member a WHERE a.thread_id = $1 AND a.role = 'admin')
    AND x.user_id = (
      SELECT y.user_id FROM mls_thread_member y
        JOIN mls_thread_device d ON d.thread_id = y.thread_id AND d.user_id = y.user_id
       WHERE y.thread_id = $1
       GROUP BY y.user_id ORDER BY min(d.joined_seq), y.user_id LIMIT 1)
  RETURNING x.user_id AS "userId";

-- DeliveryRepository.syncMembers
INSERT INTO mls_thread_member (thread_id, user_id, role)
  SELECT DISTINCT $1::uuid, user_id, CASE WHEN user_id = $2 THEN 'admin' ELSE 'member' END
    FROM mls_thread_device WHERE thread_id = $1 AND left_at IS NULL
  ON CONFLICT (thread_id, user_id) DO NOTHING;

-- DeliveryRepository.syncMembers (2)
DELETE FROM mls_thread_member x WHERE x.thread_id = $1 AND NOT EXISTS (
  SELECT 1 FROM mls_thread_device d WHERE d.thread_id = x.thread_id AND d.user_id = x.user_id AND d.left_at IS NULL);

-- DeliveryRepository.insertWelcomes
DELETE FROM mls_welcome WHERE thread_id = $1 AND (user_id, device_id) IN (SELECT * FROM unnest($2::uuid[], $3::text[]));

-- DeliveryRepository.insertWelcomes (2)
INSERT INTO mls_welcome (id, thread_id, user_id, device_id, epoch, body)
  SELECT gen_random_uuid(), $1, u, d, $4, $5 FROM unnest($2::uuid[], $3::text[]) AS x(u, d);

-- DeliveryRepository.welcomesFor
SELECT w.thread_id AS "threadId", w.epoch, w.body, w.created_at AS "createdAt"
   FROM mls_welcome w
   JOIN mls_thread_device d ON d.thread_id = w.thread_id AND d.user_id = w.user_id AND d.device_id = w.device_id
  WHERE w.user_id = $1 AND w.device_id = $2 AND d.left_at IS NULL
  ORDER BY w.created_at DESC
  LIMIT 100;

-- DeliveryRepository.messagesFor
SELECT t.joined_seq::int AS "joinedSeq",
        CASE WHEN t.left_at IS NULL THEN NULL ELSE least(
          (SELECT min(m.seq)::int FROM mls_message m
            WHERE m.thread_id = t.thread_id AND m.kind = 'commit' AND m.seq > t.joined_seq
              AND m.declared->'removed' @> jsonb_build_array(
                    jsonb_build_object('userId', t.user_id::text, 'deviceId', t.device_id))),
          (SELECT min(m.seq)::int FROM mls_message m
            WHERE m.thread_id = t.thread_id AND m.kind = 'proposal' AND m.seq > t.joined_seq
              AND m.sender_user_id = t.user_id AND m.sender_device_id = t.device_id)) END AS "untilSeq",
        t.left_at IS NOT NULL AS "left"
   FROM mls_thread_device t
   JOIN mls_device d ON d.user_id = t.user_id AND d.device_id = t.device_id AND d.revoked_at IS NULL
  WHERE t.thread_id = $1 AND t.user_id = $2 AND t.device_id = $3;

-- DeliveryRepository.messagesFor (2)
SELECT id, seq::int AS seq, epoch, kind, sender_user_id AS "senderUserId", sender_device_id AS "senderDeviceId",
    client_message_id AS "clientMessageId", body, declared, created_at AS "createdAt" FROM mls_message
  WHERE thread_id = $1 AND seq > $2 AND ($4::bigint IS NULL OR seq <= $4) ORDER BY seq LIMIT $3;

-- DeliveryRepository.list
SELECT t.id, t.created_by AS "createdBy", t.epoch, t.last_seq::int AS "lastSeq", t.linked_type AS "linkedType",
    t.linked_id AS "linkedId", t.retention_days AS "retentionDays", t.created_at AS "createdAt", x.role, x.last_read_seq::int AS "lastReadSeq",
        (SELECT count(*)::int FROM mls_message g WHERE g.thread_id = t.id AND g.seq > x.last_read_seq
            AND g.kind = 'application' AND g.sender_user_id <> $1) AS unread,
        (SELECT count(*)::int FROM mls_thread_member y WHERE y.thread_id = t.id) AS "memberCount",
        (SELECT max(created_at) FROM mls_message g WHERE g.thread_id = t.id AND g.kind = 'application') AS "lastMessageAt"
   FROM mls_thread t JOIN mls_thread_member x ON x.thread_id = t.id AND x.user_id = $1
  ORDER BY coalesce((SELECT max(created_at) FROM mls_message g WHERE g.thread_id = t.id), t.created_at) DESC;

-- DeliveryRepository.markRead
UPDATE mls_thread_member x SET last_read_seq = GREATEST(x.last_read_seq, LEAST($3, t.last_seq))
    FROM mls_thread t WHERE t.id = x.thread_id AND x.thread_id = $1 AND x.user_id = $2
  RETURNING x.last_read_seq::int AS seq;

-- DeliveryRepository.attachmentExists
SELECT 1 FROM mls_attachment WHERE thread_id = $1 AND id = $2;

-- DeliveryRepository.insertAttachment
INSERT INTO mls_attachment (thread_id, id, uploader_user_id, size, sha256) VALUES ($1, $2, $3, $4, $5);

-- DeliveryRepository.attachment
SELECT sha256, size::int AS size FROM mls_attachment WHERE thread_id = $1 AND id = $2;

-- DeliveryRepository.expire
WITH gone AS (
    DELETE FROM mls_message m USING mls_thread t
     WHERE m.thread_id = t.id AND t.retention_days IS NOT NULL
       AND m.created_at < $1::timestamptz - make_interval(days => t.retention_days)
    RETURNING 1)
  SELECT count(*)::int AS count FROM gone;

-- DeliveryRepository.expire (2)
WITH gone AS (
    DELETE FROM mls_attachment a USING mls_thread t
     WHERE a.thread_id = t.id AND t.retention_days IS NOT NULL
       AND a.created_at < $1::timestamptz - make_interval(days => t.retention_days)
    RETURNING a.thread_id, a.id)
  SELECT thread_id AS "threadId", id FROM gone;

-- The statements of libs/messaging/src/archive/archive.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- ArchiveRepository.storedChars
SELECT coalesce(sum(length(ciphertext)), 0)::bigint AS n FROM history_archive_chunk
  WHERE user_id = $1 AND (thread_id, from_seq) NOT IN (SELECT * FROM unnest($2::uuid[], $3::bigint[]));

-- ArchiveRepository.upsert
INSERT INTO history_archive_chunk (user_id, thread_id, from_seq, to_seq, nonce, ciphertext)
  SELECT $1, t, f, e, n, c FROM unnest($2::uuid[], $3::bigint[], $4::bigint[], $5::text[], $6::text[]) AS x(t, f, e, n, c)
  ON CONFLICT (user_id, thread_id, from_seq)
  DO UPDATE SET to_seq = EXCLUDED.to_seq, nonce = EXCLUDED.nonce, ciphertext = EXCLUDED.ciphertext, created_at = now();

-- ArchiveRepository.page
SELECT thread_id AS "threadId", from_seq::int AS "fromSeq", to_seq::int AS "toSeq", nonce, ciphertext
   FROM history_archive_chunk
  WHERE user_id = $1 AND ($2::uuid IS NULL OR (thread_id, from_seq) > ($2::uuid, $3::bigint))
  ORDER BY thread_id, from_seq LIMIT $4;

-- The statements of libs/core/src/workspace/workspace-meta.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- WorkspaceMetaRepository.lockKey
SELECT pg_advisory_xact_lock(hashtext($1));

-- The statements of libs/core/src/workspace/demo-seed.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- DemoSeedRepository.lockSeeding
SELECT pg_advisory_xact_lock(hashtext($1));

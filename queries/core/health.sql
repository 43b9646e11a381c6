-- The statements of libs/core/src/health/health.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- HealthRepository.ping
SELECT 1;

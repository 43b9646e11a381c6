-- The statements of libs/core/src/system/system-info.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- SystemInfoRepository.serverVersion
SHOW server_version;

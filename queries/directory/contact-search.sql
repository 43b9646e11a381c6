-- The statements of libs/directory/src/search/contact-search.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- ContactSearchRepository.seesByException
SELECT EXISTS (SELECT 1 FROM contact c WHERE ${byException.sql}) AS any;

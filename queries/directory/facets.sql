-- The statements of libs/directory/src/search/facets.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- FacetsRepository.rebuild
SELECT contact_facet_rebuild() AS n;

-- FacetsRepository.compact
SELECT contact_facet_compact() AS n;

-- FacetsRepository.compact (2)
VACUUM (SKIP_LOCKED) contact_facet_change_log;

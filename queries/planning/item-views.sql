-- The statements of libs/planning/src/items/item-views.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- ItemViewsRepository.list
(i.title ILIKE $${params.length} OR i.reference ILIKE $${params.length});

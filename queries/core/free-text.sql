-- The statements of libs/core/src/privacy/free-text.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- rewriteFreeText
SELECT ${key} AS "key", ${cols.join(', ')} FROM ${identifier(spec.table)}
  WHERE ${cols.map((c) => `${c}::text ILIKE ANY($1::text[])`).join(' OR ')};

-- rewriteFreeText (2)
UPDATE ${identifier(spec.table)} SET ${sets.join(', ')} WHERE ${key} = $1;

-- The statements of libs/directory/src/countries/countries.repository.ts, in source order.
-- Written by `npm run queries`; CI checks that this file matches the repository.

-- CountriesRepository.tablePresent
SELECT to_regclass('country') IS NOT NULL AS present;

-- CountriesRepository.upsertAll
INSERT INTO country (code, name, region, eu_member, network_member, languages)
  SELECT code, name, region, eu, net, string_to_array(langs, ',')
    FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::boolean[], $6::text[])
      AS r(code, name, region, eu, net, langs)
  ON CONFLICT (code) DO UPDATE
    SET name = EXCLUDED.name, region = EXCLUDED.region, eu_member = EXCLUDED.eu_member, languages = EXCLUDED.languages;

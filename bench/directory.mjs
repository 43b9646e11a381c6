// Directory at scale: 100,000 contacts in 10,000 organisations on a fresh database, then
//  - GET /api/v1/directory/contacts with 16 concurrent keep-alive clients in a worker thread, off
//    the API's event loop (a mix of name prefixes, full names, typos, transliterations, filters and
//    filter-only queries): p50/p95/p99;
//  - the same SQL (contactSearchStatements) straight through `pg` with 16 clients: p50/p95, API/raw ratio;
//  - 20,000 distinct name searches made once each, via the API and via `pg`: a search's full cost;
//  - GET /api/v1/directory/coverage: p50/p95;
//  - GET /api/v1/directory/contacts.vcf (10,000 cards): time to last byte, RSS and heap growth;
//  - EXPLAIN (ANALYZE, BUFFERS) of two representative searches, and every query of the mix that
//    scans the contact table.
// Run after `npm run build` (or `node scripts/build-server.mjs`):
//   node bench/directory.mjs [seconds per phase, default 15]
// BENCH_PROFILE=dir writes CPU profiles of the API during the measured API phases.
// Uses the PostgreSQL server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432); creates
// and finally drops its own database there.
import { writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import http from 'node:http';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import pg from 'pg';
import { HOT_SESSION_OPTIONS, SESSION_OPTIONS } from '../dist/libs/core/src/index.js';
import { ContactIndexer } from '../dist/libs/directory/src/contacts/contact-indexer.js';
import { ContactIndexRepository } from '../dist/libs/directory/src/contacts/contact-index.repository.js';
import { sortNameOf } from '../dist/libs/directory/src/contacts/contact-input.js';
import {
  allCountries,
  DEFAULT_THIRD_COUNTRIES,
  EU_MEMBERS,
} from '../dist/libs/directory/src/countries/country-data.js';
import { COUNTRY_PROFILES, DEMO_MANDATES, SeededRandom } from '../dist/libs/demo/src/fixtures/demo-network.js';
import { contactSearchSql, contactSearchStatements } from '../dist/libs/directory/src/search/contact-search.sql.js';
import { fold } from '../dist/libs/directory/src/search/fold.js';
import { InvitationsService } from '../dist/libs/identity/src/index.js';
import { BenchDatabase } from './support/bench-database.mjs';
import { machineCpu, postgresCpu, threadCpuOf } from './support/cpu.mjs';
import { httpLoad } from './support/http-load.mjs';
import { cacheAblation } from './support/cache-ablation.mjs';

const SECONDS = Number(process.argv[2] ?? 15);
const CONCURRENCY = 16;
// BENCH_CONTACTS=30000 BENCH_ORGANISATIONS=3000 is the realistic profile of docs/benchmarks.md.
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 10_000);
// BENCH_MODE=caches measures, instead of the phases below, what each cache on the search path
// gives at the realistic profile (bench/support/cache-ablation.mjs); BENCH_MODE=rollup what the
// facet rollup gives browsing and costs an edit (measureRollup).
const MODE = process.env.BENCH_MODE ?? 'phases';
// BENCH_PHASES=first-time runs only the phases of searches nobody made before (the issue-19
// targets): distinct name searches at 16 clients and from 1, topic and filter-only from 1.
const FIRST_TIME_ONLY = process.env.BENCH_PHASES === 'first-time';
const TARGETS = { searchP95: 20, apiOverRaw: 1.5, firstNameP95: 10, browseP95: 60, coverageP95: 50, vcardMs: 2000 };

const database = new BenchDatabase('directory');
const benchUrl = database.url;

const log = (...args) => console.log(...args);
const ms = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : `${x.toFixed(1)} ms`);
const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

// ---------------------------------------------------------------------------------------------
// Data: organisations and people spread like a real network (big countries and big police units
// have more people), names in the national scripts, from the demo network's country profiles.

const rng = new SeededRandom(20261128);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
const weighted = (entries) => {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [value, w] of entries) if ((x -= w) < 0) return value;
  return entries.at(-1)[0];
};

const NETWORK = [...EU_MEMBERS, ...DEFAULT_THIRD_COUNTRIES];
const SIZE = {
  DE: 12,
  FR: 10,
  IT: 9,
  ES: 8,
  PL: 7,
  GB: 8,
  US: 9,
  RO: 5,
  NL: 5,
  BE: 4,
  UA: 4,
  CZ: 3,
  SE: 3,
  PT: 3,
  GR: 3,
};
const COUNTRY_WEIGHTS = [...NETWORK.map((c) => [c, SIZE[c] ?? 1.5]), [null, 2]];
const KIND_WEIGHTS = [
  ['law_enforcement', 34],
  ['prosecution', 14],
  ['ministry', 8],
  ['hotline', 4],
  ['civil_society', 12],
  ['research', 10],
  ['industry', 15],
];
// Common family names the demo keeps for its named people, so name searches meet crowds here.
const CROWD = {
  DE: ['Müller', 'Meier', 'Schmitt'],
  PL: [['Kowalski', 'Kowalska'], 'Kowalczyk'],
  GR: [['Παπαδόπουλος', 'Παπαδοπούλου']],
  CY: ['Παπαδόπουλος'],
  BG: [['Иванов', 'Иванова']],
  DK: ['Sørensen'],
  RO: ['Ionescu'],
  NL: ['de Vries'],
};
const POSITIONS = [
  'Head of Unit',
  'Senior Investigator',
  'Analyst',
  'Policy Officer',
  'Prosecutor',
  'Legal Adviser',
  'Researcher',
  'Trust and Safety Lead',
  'Hotline Analyst',
  'Programme Manager',
];
const EXPERTISE = [
  'victim identification',
  'image analysis',
  'notice and takedown',
  'data retention',
  'offender management',
  'online grooming',
  'live streaming',
  'financial investigation',
  'OSINT',
  'digital forensics',
  'prevention campaigns',
  'victim support',
];
const EXTRA_LANGUAGES = ['en', 'en', 'en', 'fr', 'de'];

function generate() {
  const countryName = new Map(allCountries().map((c) => [c.code, c.name]));
  const organisations = [];
  const intlBases = [['eu_agency', 'European Union Agency', 'EUA', 'europa.eu']];
  for (let i = 0; i < ORGANISATIONS; i++) {
    const country = weighted(COUNTRY_WEIGHTS);
    const kind = country
      ? weighted(KIND_WEIGHTS)
      : weighted([
          ['eu_agency', 1],
          ['international_organisation', 1],
        ]);
    const rows = country ? COUNTRY_PROFILES[country].organisations : intlBases;
    const base = rows.find((r) => r[0] === kind && rng.chance(0.7)) ?? rng.pick(rows);
    organisations.push({
      id: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `${base[1]} – ${kind === 'industry' ? 'Service' : 'Unit'} ${i}`,
      acronym: base[2] ? `${base[2]}-${i}` : null,
      kind,
      country_code: country,
      domain: `u${i}.${base[3]}.test`,
    });
  }
  // People per organisation: log-normal, a few large units and many small ones.
  const weights = organisations.map(() => Math.exp(1.1 * gauss()));
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.round((w / sum) * CONTACTS)));
  let excess = sizes.reduce((a, b) => a + b, 0) - CONTACTS;
  for (let i = 0; excess !== 0; i = (i + 1) % sizes.length) {
    const step = excess > 0 ? (sizes[i] > 1 ? -1 : 0) : 1;
    sizes[i] += step;
    excess += step;
  }

  const contacts = [];
  const emailCount = new Map();
  const folded = new Map();
  const cachedFold = (text) => folded.get(text) ?? (folded.set(text, fold(text)), folded.get(text));
  const names = new Map();
  organisations.forEach((org, o) => {
    for (let k = 0; k < sizes[o]; k++) {
      const nationality = org.country_code ?? rng.pick(EU_MEMBERS);
      const profile = COUNTRY_PROFILES[nationality];
      const female = rng.chance(0.5);
      const given = rng.pick(female ? profile.female : profile.male);
      const second = rng.chance(0.2) ? rng.pick(female ? profile.female : profile.male) : null;
      const familyPool = [...profile.family, ...(rng.chance(0.15) ? (CROWD[nationality] ?? []) : [])];
      const familyName = rng.pick(familyPool);
      const family = Array.isArray(familyName) ? familyName[female ? 1 : 0] : familyName;
      const fullName = second && second !== given ? `${given} ${second} ${family}` : `${given} ${family}`;
      let derived = names.get(fullName);
      if (!derived) {
        derived = { searchNames: ContactIndexer.searchNames(fullName), sortName: sortNameOf(fullName) };
        names.set(fullName, derived);
      }
      const local = `${cachedFold(given).replace(/ /g, '-')}.${cachedFold(family).replace(/ /g, '')}`;
      const n = (emailCount.get(`${local}@${org.domain}`) ?? 0) + 1;
      emailCount.set(`${local}@${org.domain}`, n);
      const languages = [...new Set([profile.languages[0], ...rng.sample(EXTRA_LANGUAGES, rng.int(1, 2))])];
      const status = rng.chance(0.88) ? 'active' : rng.chance(0.67) ? 'on_leave' : 'departed';
      const policing = org.kind === 'law_enforcement' || org.kind === 'prosecution';
      const visibility = rng.chance(0.01)
        ? 'secretariat'
        : policing && rng.chance(0.25)
          ? 'law_enforcement'
          : 'network';
      const days = rng.chance(0.86) ? rng.int(1, 170) : rng.int(190, 300);
      const expertise = rng.sample(EXPERTISE, rng.int(1, 3));
      contacts.push({
        id: `30000000-0000-4000-8000-${String(contacts.length).padStart(12, '0')}`,
        organisation_id: org.id,
        country_code: org.country_code,
        full_name: fullName,
        sort_name: derived.sortName,
        search_names: derived.searchNames,
        position: rng.pick(POSITIONS),
        emails: [n === 1 ? `${local}@${org.domain}` : `${local}${n}@${org.domain}`],
        phones: [{ number: profile.landline.replace(/#/g, () => String(rng.int(0, 9))), kind: 'work' }],
        languages,
        expertise,
        expertise_folded: expertise.map(cachedFold),
        mandates: [],
        time_zone: profile.timeZone,
        status,
        visibility,
        last_confirmed_at: new Date(Date.now() - days * 86_400_000).toISOString(),
        org,
      });
    }
  });

  // National points of contact for most cells, organisational ones for some organisations.
  const designations = [];
  const byCountry = new Map();
  for (const c of contacts)
    if (c.country_code && c.status === 'active')
      byCountry.set(c.country_code, [...(byCountry.get(c.country_code) ?? []), c]);
  const designate = (contact, mandate, role, scope) => {
    designations.push({
      contact_id: contact.id,
      mandate_code: mandate,
      scope,
      country_code: contact.country_code,
      organisation_id: scope === 'organisational' ? contact.organisation_id : null,
      role,
      valid_from: '2025-01-15',
      status: 'active',
      nominating_authority: 'Ministry of Interior, order 12/2025',
      last_confirmed_at: contact.last_confirmed_at,
    });
    if (!contact.mandates.includes(mandate)) contact.mandates.push(mandate);
  };
  for (const country of NETWORK)
    for (const mandate of DEMO_MANDATES) {
      const pool = byCountry.get(country) ?? [];
      if (pool.length && rng.chance(0.9)) designate(rng.pick(pool), mandate, 'primary', 'national');
      if (pool.length && rng.chance(0.6)) designate(rng.pick(pool), mandate, 'deputy', 'national');
    }
  const byOrganisation = new Map();
  for (const c of contacts)
    if (c.status === 'active')
      byOrganisation.set(c.organisation_id, [...(byOrganisation.get(c.organisation_id) ?? []), c]);
  for (const org of organisations) {
    const staff = byOrganisation.get(org.id);
    if (!staff || !rng.chance(0.15)) continue;
    for (const mandate of rng.sample(DEMO_MANDATES, rng.int(1, 3))) {
      designate(rng.pick(staff), mandate, 'primary', 'organisational');
      if (staff.length > 3 && rng.chance(0.5)) designate(rng.pick(staff), mandate, 'deputy', 'organisational');
    }
  }
  return { organisations, contacts, designations, countryName };
}

async function load(client, data) {
  const mandateNames = new Map(
    (await client.query(`SELECT code, name FROM mandate`)).rows.map((m) => [m.code, m.name]),
  );
  await client.query(
    `INSERT INTO organisation (id, name, acronym, kind, country_code, verified_at)
     SELECT id, name, acronym, kind, country_code, now() FROM jsonb_to_recordset($1::jsonb)
       AS r(id uuid, name text, acronym text, kind text, country_code char(2))`,
    [JSON.stringify(data.organisations, ['id', 'name', 'acronym', 'kind', 'country_code'])],
  );
  // Indexes are built once after the load (from their own definitions), not row by row.
  const indexes = (
    await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'contact' AND indexname NOT IN
         (SELECT conname FROM pg_constraint WHERE conrelid = 'contact'::regclass)`,
    )
  ).rows;
  for (const i of indexes) await client.query(`DROP INDEX "${i.indexname}"`);
  const docB = (c) =>
    fold([c.position, c.org.name, c.org.acronym, data.countryName.get(c.country_code)].filter(Boolean).join(' '));
  const docC = (c) =>
    fold([...c.expertise, ...c.mandates.map((m) => `${mandateNames.get(m) ?? ''} ${m.replace(/_/g, ' ')}`)].join(' '));
  for (let i = 0; i < data.contacts.length; i += 5000) {
    const rows = data.contacts
      .slice(i, i + 5000)
      .map((c) => ({ ...c, organisation_kind: c.org.kind, org: undefined, b: docB(c), c: docC(c) }));
    await client.query(
      `INSERT INTO contact (id, organisation_id, organisation_kind, country_code, full_name, sort_name, position, emails, phones, languages,
              expertise, expertise_folded, mandates, time_zone, status, visibility, last_confirmed_at, search_names,
              search_doc, version)
       SELECT id, organisation_id, organisation_kind, country_code, full_name, sort_name, position, emails, phones,
              languages, expertise, expertise_folded, mandates, time_zone, status, visibility, last_confirmed_at,
              search_names, setweight(to_tsvector('simple', search_names), 'A') || setweight(to_tsvector('simple', b), 'B')
                || setweight(to_tsvector('simple', c), 'C'), 1
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, organisation_id uuid, organisation_kind text,
              country_code char(2), full_name text, sort_name text, position text, emails text[], phones jsonb,
              languages text[], expertise text[], expertise_folded text[], mandates text[], time_zone text,
              status text, visibility text, last_confirmed_at timestamptz, search_names text, b text, c text)`,
      [JSON.stringify(rows)],
    );
  }
  for (const i of indexes) await client.query(i.indexdef);
  // The lexicon typo-tolerant search expands query words against.
  await client.query(
    `INSERT INTO search_term (term, name) SELECT lexeme, bool_or('A' = ANY(weights)) FROM contact, unnest(search_doc) GROUP BY lexeme ON CONFLICT DO NOTHING`,
  );
  await client.query(
    `INSERT INTO point_of_contact (contact_id, mandate_code, scope, country_code, organisation_id, role, valid_from,
            status, nominating_authority, last_confirmed_at)
     SELECT contact_id, mandate_code, scope, country_code, organisation_id, role, valid_from, status,
            nominating_authority, last_confirmed_at
       FROM jsonb_to_recordset($1::jsonb) AS r(contact_id uuid, mandate_code text, scope text, country_code char(2),
            organisation_id uuid, role text, valid_from date, status text, nominating_authority text,
            last_confirmed_at timestamptz)`,
    [JSON.stringify(data.designations)],
  );
  return indexes.map((i) => i.indexname);
}

/** The search document written in SQL above must be the one ContactIndexer writes: compare a sample. */
async function checkIndexerAgrees(client) {
  const manager = { query: (sql, params) => client.query(sql, params).then((r) => r.rows) };
  const sample = (await client.query(`SELECT id, search_doc::text AS doc FROM contact ORDER BY random() LIMIT 500`))
    .rows;
  await new ContactIndexer(new ContactIndexRepository()).reindex(
    manager,
    sample.map((r) => r.id),
  );
  const after = new Map(
    (
      await client.query(`SELECT id, search_doc::text AS doc FROM contact WHERE id = ANY($1::uuid[])`, [
        sample.map((r) => r.id),
      ])
    ).rows.map((r) => [r.id, r.doc]),
  );
  return sample.filter((r) => after.get(r.id) !== r.doc).length;
}

// ---------------------------------------------------------------------------------------------
// The query mix: what people type and click in the directory.

const MIX = [
  { label: 'prefix "mul"', q: 'mul' },
  { label: 'prefix "kow"', q: 'kow' },
  { label: 'prefix "pap"', q: 'pap' },
  { label: 'prefix "sch" + DE', q: 'sch', countries: ['DE'] },
  { label: 'prefix "nov"', q: 'nov' },
  { label: 'full name "Anna Schmidt"', q: 'Anna Schmidt' },
  { label: 'full name "Piotr Nowak"', q: 'Piotr Nowak' },
  { label: 'full name "Jürgen Müller"', q: 'Jürgen Müller' },
  { label: 'typo "kowalsky"', q: 'kowalsky' },
  { label: 'typo "mueler"', q: 'mueler' },
  { label: 'typo "papadopulos"', q: 'papadopulos' },
  { label: 'translit "papadopoulos"', q: 'papadopoulos' },
  { label: 'translit "ivanov"', q: 'ivanov' },
  { label: 'translit "ivanov" + BG', q: 'ivanov', countries: ['BG'] },
  { label: 'expanded "mueller" + DE', q: 'mueller', countries: ['DE'] },
  { label: '"kowalsky" + en', q: 'kowalsky', languages: ['en'] },
  { label: '"papadopoulos" + victim id.', q: 'papadopoulos', mandates: ['victim_identification'] },
  { label: '"mul" + victim id. + fr', q: 'mul', mandates: ['victim_identification'], languages: ['fr'] },
  { label: 'topic "victim identification"', q: 'victim identification' },
  { label: 'topic "hotline"', q: 'hotline' },
  { label: 'filter country PL', countries: ['PL'] },
  { label: 'filter mandate victim id.', mandates: ['victim_identification'] },
  { label: 'filter FR + fr', countries: ['FR'], languages: ['fr'] },
  { label: 'filter kind hotline', kinds: ['hotline'] },
  { label: 'filter on_leave', statuses: ['on_leave'] },
  { label: 'filter designated', designated: true },
  { label: 'no filter (first page)' },
];

const pathOf = (m) => {
  const params = new URLSearchParams();
  if (m.q) params.set('q', m.q);
  for (const [name, key] of [
    ['country', 'countries'],
    ['mandate', 'mandates'],
    ['language', 'languages'],
    ['kind', 'kinds'],
    ['status', 'statuses'],
  ])
    if (m[key]) params.set(name, m[key].join(','));
  if (m.designated) params.set('designated', 'true');
  params.set('limit', '25');
  return `/api/v1/directory/contacts?${params}`;
};
const filtersOf = (m) => ({
  q: m.q,
  countries: m.countries,
  mandates: m.mandates,
  languages: m.languages,
  kinds: m.kinds,
  statuses: m.statuses,
  designated: m.designated,
  page: 1,
  limit: 25,
});

// ---------------------------------------------------------------------------------------------
// HTTP with keep-alive sockets.

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function get(url, headers, onChunk) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstByte;
    const req = http.get(url, { agent, headers }, (res) => {
      res.on('data', (chunk) => {
        firstByte ??= performance.now() - started;
        onChunk?.(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started, firstByte }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * The realistic profile (docs/benchmarks.md): 200 people signed in at once (120 in
 * law-enforcement organisations, 80 elsewhere), 5 searches a second between them (7 in 10 names
 * nobody typed before, the rest the common mix), 1 contact edit a second committed by another
 * process; each cache on the search path switched off in turn.
 */
async function measureCaches(api, data, policeUnit, firstEmail) {
  const people = [];
  const pool = new pg.Pool({ connectionString: benchUrl, max: 2 });
  try {
    const [{ hash }] = (
      await pool.query(`SELECT password_hash AS hash FROM user_account WHERE email = $1`, [firstEmail])
    ).rows;
    const police = data.organisations.filter((o) => o.kind === 'law_enforcement').slice(0, 120);
    const others = data.organisations.filter((o) => o.kind !== 'law_enforcement').slice(0, 80);
    const accounts = [...police, ...others].map((o, i) => ({ email: `bench.person.${i}@network.test`, org: o.id }));
    accounts[0] = { email: firstEmail, org: policeUnit.id };
    await pool.query(
      `INSERT INTO user_account (email, display_name, password_hash, roles, organisation_id)
       SELECT e, 'Bench person ' || e, $1, '{member}', o FROM unnest($2::text[], $3::uuid[]) AS a(e, o)
       ON CONFLICT DO NOTHING`,
      [hash, accounts.map((a) => a.email), accounts.map((a) => a.org)],
    );
    for (const a of accounts) {
      const res = await fetch(`${api.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: a.email, password: 'a long enough benchmark passphrase 2026' }),
      });
      if (res.status !== 200) throw new Error(`sign-in of ${a.email} answered ${res.status}`);
      people.push({ authorization: `Bearer ${(await res.json()).accessToken}` });
    }
    const distinct = distinctNameSearches(data.contacts, 20_000);
    const queries = [];
    for (let i = 0, d = 0; queries.length < 20_000; i++)
      queries.push(i % 10 < 3 ? pathOf(MIX[i % MIX.length]) : pathOf(distinct[d++ % distinct.length]));
    const contactIds = (await pool.query(`SELECT id FROM contact ORDER BY random() LIMIT 2000`)).rows.map((r) => r.id);
    let edits = 0;
    await cacheAblation({
      app: api.app,
      log,
      rounds: Number(process.env.BENCH_ROUNDS ?? 3),
      seconds: SECONDS,
      profile: { searchesPerSecond: 5, editsPerSecond: 1 },
      people,
      queries,
      search: async (person, path) => (await get(`${api.url}${path}`, person)).status === 200,
      edit: () =>
        pool.query(`UPDATE contact SET position = $1 WHERE id = $2`, [
          POSITIONS[edits % POSITIONS.length],
          contactIds[edits++ % contactIds.length],
        ]),
    });
  } finally {
    await pool.end();
  }
}

/**
 * BENCH_MODE=rollup: what the facet rollup (`contact_facet_group`, kept by statement triggers on
 * `contact`, folded every minute) gives browsing, the searches without text, whose counts it
 * answers without reading contact rows. The same browsing queries as the service runs them (the
 * page and the counts from the groups, side by side) against the one statement that counts the
 * contacts themselves (contactSearchSql without text, what browsing would run without the
 * rollup), from 1 client and from 16, in interleaved rounds; both must give the same counts. Then
 * what the triggers cost an edit (the rollup's price): single-contact updates with the triggers on
 * and off, interleaved, and the minute's fold of those edits.
 */
async function measureRollup(viewer) {
  const pool = new pg.Pool({ connectionString: benchUrl, max: CONCURRENCY, options: SESSION_OPTIONS });
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const seconds = Math.max(3, Math.round(SECONDS / 2));
  const browsing = MIX.filter((m) => !m.q);
  const configs = {
    'with the rollup (page + counts from the groups)': async (m) => {
      const s = contactSearchStatements(viewer, filtersOf(m));
      const [, counts] = await Promise.all([pool.query(s.page), pool.query(s.counts)]);
      return counts.rows[0];
    },
    'without it (one statement counting the contacts)': async (m) => {
      const { text, values } = contactSearchSql(viewer, filtersOf(m));
      return (await pool.query({ text, values })).rows[0];
    },
  };
  const [withRollup, without] = Object.values(configs);
  let differ = 0;
  for (const m of browsing) {
    const [a, b] = [await withRollup(m), await without(m)];
    if (a.total !== b.total || JSON.stringify(a.facets) !== JSON.stringify(b.facets)) {
      differ++;
      log(`  counts differ for ${m.label}: ${a.total} against ${b.total}`);
    }
  }
  log(`browsing counts, rollup against counting the contacts: ${differ} of ${browsing.length} queries differ`);
  const samples = new Map(Object.keys(configs).flatMap((c) => [1, CONCURRENCY].map((n) => [`${c}|${n}`, []])));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? Object.entries(configs).reverse() : Object.entries(configs);
    for (const [label, fn] of order)
      for (const n of [1, CONCURRENCY]) {
        const run = await drive(seconds, browsing, (m) => fn(m).then(() => true), n);
        samples.get(`${label}|${n}`).push(...run.all);
      }
  }
  log(`\nBrowsing (${browsing.length} filter-only queries, ${rounds} interleaved rounds of ${seconds} s):`);
  for (const n of [1, CONCURRENCY]) {
    const base = samples.get(`${Object.keys(configs)[0]}|${n}`);
    for (const label of Object.keys(configs)) {
      const xs = samples.get(`${label}|${n}`);
      log(
        `  ${String(n).padStart(2)} client(s), ${label.padEnd(50)} ${String(xs.length).padStart(6)} runs  p50 ${ms(pct(xs, 50)).padStart(9)}  p95 ${ms(pct(xs, 95)).padStart(9)}  p50 ${(pct(xs, 50) / pct(base, 50)).toFixed(2)}x`,
      );
    }
  }

  // The price: what the triggers add to an edit, and the fold.
  await client.query('SELECT contact_facet_compact()');
  const ids = (await pool.query(`SELECT id FROM contact ORDER BY random() LIMIT 4000`)).rows.map((r) => r.id);
  const edit = { on: [], off: [] };
  let e = 0;
  const TRIGGER = 'contact_facet_rollup_update';
  for (let round = 0; round < 8; round++) {
    for (const mode of round % 2 ? ['off', 'on'] : ['on', 'off']) {
      await client.query(`ALTER TABLE contact ${mode === 'on' ? 'ENABLE' : 'DISABLE'} TRIGGER ${TRIGGER}`);
      for (let i = 0; i < 100; i++) {
        const started = performance.now();
        // A status change moves the contact from one group to another.
        await client.query(
          `UPDATE contact SET status = CASE status WHEN 'active' THEN 'on_leave' ELSE 'active' END WHERE id = $1`,
          [ids[e++ % ids.length]],
        );
        edit[mode].push(performance.now() - started);
      }
    }
  }
  await client.query(`ALTER TABLE contact ENABLE TRIGGER ${TRIGGER}`);
  const started = performance.now();
  const [{ folded }] = (await client.query('SELECT contact_facet_compact() AS folded')).rows;
  const fold = performance.now() - started;
  log(`\nOne contact's status changed, ${edit.on.length} edits each, interleaved:`);
  for (const mode of ['on', 'off'])
    log(
      `  rollup triggers ${mode.padEnd(3)}  p50 ${ms(pct(edit[mode], 50))}  p95 ${ms(pct(edit[mode], 95))}  p50 ${(pct(edit[mode], 50) / pct(edit.off, 50)).toFixed(2)}x`,
    );
  log(`  folding the ${folded} changes of the ${edit.on.length} edits with triggers on: ${ms(fold)}`);
  // The triggers were off for half the edits: count the groups afresh so nothing is left wrong.
  await client.query('SELECT contact_facet_rebuild()');
  await pool.end();
}

/**
 * CPU spent while `work` runs, per request: by this process's main thread (the API's, in the API
 * phases; the raw pg clients', in the raw ones), by PostgreSQL, and the machine's busy share.
 */
async function withCpu(work) {
  const before = { main: threadCpuOf(process.pid), postgres: postgresCpu(), machine: machineCpu() };
  const result = await work();
  const machine = machineCpu();
  const n = Math.max(1, result.samples.length);
  result.cpu = {
    mainMs: ((threadCpuOf(process.pid) - before.main) / n) * 1000,
    postgresMs: ((postgresCpu() - before.postgres) / n) * 1000,
    machineBusy:
      (machine.busy - before.machine.busy) / (machine.busy - before.machine.busy + machine.idle - before.machine.idle),
  };
  return result;
}
const cpuText = ({ cpu }, main) =>
  `${main} ${cpu.mainMs.toFixed(2)} ms, PostgreSQL ${cpu.postgresMs.toFixed(2)} ms (machine ${(cpu.machineBusy * 100).toFixed(0)} % busy)`;

/** Runs `fn` over the mix from `concurrency` workers for `seconds` (stride as httpLoad's); latencies per label. */
async function drive(seconds, mix, fn, concurrency = CONCURRENCY, stride = 1) {
  const until = performance.now() + seconds * 1000;
  const samples = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = w; performance.now() < until; i += stride) {
        const m = mix[i % mix.length];
        const started = performance.now();
        try {
          if ((await fn(m)) === false) errors++;
        } catch {
          errors++;
        }
        samples.push({ label: m.label, ms: performance.now() - started });
      }
    }),
  );
  return { all: samples.map((s) => s.ms), samples, errors, rate: samples.length / seconds };
}

/** The same through the API, its clients in a worker thread (off the API's event loop). */
async function driveApi(seconds, mix, headers, concurrency = CONCURRENCY, stride = 1) {
  const { labelled, errors, rate } = await httpLoad({
    urls: mix.map((m) => `${api.url}${pathOf(m)}`),
    headers,
    concurrency,
    seconds,
    stride,
  });
  const samples = labelled.map(([index, ms]) => ({ label: mix[index].label, ms }));
  return { all: samples.map((x) => x.ms), samples, errors, rate };
}

/**
 * BENCH_PROFILE=dir writes a CPU profile of the API's thread (this process's main thread) during
 * each measured phase through the API, one `.cpuprofile` file per phase.
 */
async function startProfile(phase) {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return null;
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop() {
      const { profile } = await post('Profiler.stop');
      const file = join(dir, `api-${phase.replace(/\W+/g, '-')}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      log(`CPU profile of the API during "${phase}": ${file}`);
    },
  };
}

function perQuery(samples) {
  const by = new Map();
  for (const s of samples) by.set(s.label, [...(by.get(s.label) ?? []), s.ms]);
  return MIX.map((m) => ({ label: m.label, p50: pct(by.get(m.label) ?? [], 50), p95: pct(by.get(m.label) ?? [], 95) }));
}

/** The median over queries of (API p50 / raw p50) per query: fair even when the phases ran different mixes of work. */
function medianRatio(apiSamples, rawSamples) {
  const raw = new Map(perQuery(rawSamples).map((q) => [q.label, q.p50]));
  const ratios = perQuery(apiSamples)
    .map((q) => q.p50 / raw.get(q.label))
    .filter((x) => Number.isFinite(x));
  return pct(ratios, 50);
}

// Name searches alone: what people type in the search box, without the filter-only and topic queries.
const NAMES = MIX.filter((m) => m.q && !m.label.startsWith('topic'));

/**
 * Name searches nobody made before: full names, family names, given and family name prefixes as
 * typed, and family names with a letter dropped or two swapped, from the people in the data (in
 * their own script or folded to Latin), each once: they measure a search's full cost. `count` distinct queries, in a random order.
 */
function distinctNameSearches(contacts, count) {
  const pick = new SeededRandom(20261129);
  const seen = new Set(
    MIX.map((m) => m.q)
      .filter(Boolean)
      .map((q) => q.toLowerCase()),
  );
  const out = [];
  const typo = (w) => {
    const i = pick.int(1, w.length - 2);
    return pick.chance(0.5) ? w.slice(0, i) + w.slice(i + 1) : w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  };
  for (let guard = 0; out.length < count && guard < count * 50; guard++) {
    const c = pick.pick(contacts);
    const words = c.full_name.split(' ');
    const family = words.at(-1);
    const latin = pick.chance(0.5) ? fold(family) : family;
    const r = pick.next();
    const q =
      r < 0.35
        ? c.full_name
        : r < 0.5
          ? latin
          : r < 0.7
            ? latin.slice(0, pick.int(3, Math.max(3, latin.length - 1)))
            : r < 0.8
              ? `${words[0]} ${latin.slice(0, pick.int(1, latin.length))}`
              : latin.length >= 5
                ? typo(fold(family))
                : `${fold(words[0])} ${fold(family)}`;
    const key = q.toLowerCase();
    if (q.length < 3 || seen.has(key)) continue;
    seen.add(key);
    out.push({ label: 'distinct name search', q });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const results = [];
const row = (measure, value, target = '', ok = '') => results.push({ measure, value, target, ok });
let api;
let t = performance.now();
const client = await database.create();
try {
  log(`migrated and countries filled in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  const data = generate();
  const generated = performance.now() - t;
  t = performance.now();
  const rebuilt = await load(client, data);
  await client.query('ANALYZE');
  const loaded = performance.now() - t;
  log(
    `generated ${data.organisations.length} organisations, ${data.contacts.length} contacts, ${data.designations.length} designations in ${(generated / 1000).toFixed(1)} s; ` +
      `loaded, indexed (${rebuilt.length} indexes) and analysed in ${(loaded / 1000).toFixed(1)} s`,
  );
  const differing = await checkIndexerAgrees(client);
  log(`search_doc written in SQL vs ContactIndexer.reindex on 500 sampled contacts: ${differing} differ`);
  await client.query('ANALYZE contact');
  // The API folds the facet change log every minute (and vacuums it); fold the load's changes now.
  await client.query('SELECT contact_facet_compact()');
  await client.query('VACUUM contact_facet_change_log');
  await client.query('ANALYZE contact_facet_group, contact_facet_expertise, contact_facet_change_log');

  api = await database.startApi(
    process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {},
  );
  const policeUnit = data.organisations.find((o) => o.kind === 'law_enforcement' && o.country_code === 'DE');
  const email = 'bench.member@police.test';
  const password = 'a long enough benchmark passphrase 2026';
  const invitations = api.app.get(InvitationsService);
  const { token } = await invitations.invite(null, { email, role: 'member', organisationId: policeUnit.id }, null);
  await invitations.accept(token, password, 'Bench Member', null);
  const signIn = await fetch(`${api.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in answered ${signIn.status}`);
  const { accessToken, user } = await signIn.json();
  const auth = { authorization: `Bearer ${accessToken}` };
  const viewer = {
    userId: user.id,
    email,
    organisationId: policeUnit.id,
    secretariat: false,
    orgAdmin: false,
    levels: ['network', 'law_enforcement'],
  };
  log(`API at ${api.url}; signed in as a law-enforcement member (${policeUnit.name})\n`);

  if (MODE === 'caches') {
    await measureCaches(api, data, policeUnit, email);
  } else if (MODE === 'rollup') {
    await measureRollup(viewer);
  } else {
    // Search through the API, then the same SQL straight through pg: the whole mix, then name searches only.
    const probe = await get(`${api.url}${pathOf(MIX[0])}`, auth);
    // Two pools, as in the API: named statements on one with the hot-path settings (generic plans).
    const pool = new pg.Pool({ connectionString: benchUrl, max: CONCURRENCY, options: SESSION_OPTIONS });
    const hotPool = new pg.Pool({ connectionString: benchUrl, max: CONCURRENCY, options: HOT_SESSION_OPTIONS });
    const raw = (m) => {
      // The very statements the service runs, the one
      // statement prepared under the same name when the service prepares it.
      const statements = contactSearchStatements(viewer, filtersOf(m));
      if (!statements.one)
        return Promise.all([pool.query(statements.page), pool.query(statements.counts)]).then(() => true);
      const { text, values, name } = statements.one;
      return (name ? hotPool.query({ name, text, values }) : pool.query({ text, values })).then(() => true);
    };
    const phases = {};
    for (const [name, mix] of FIRST_TIME_ONLY
      ? []
      : [
          ['whole mix', MIX],
          ['name searches', NAMES],
        ]) {
      let viaApiResult;
      if (probe.status === 404) row(`search via API, ${name}`, 'not available');
      else {
        await driveApi(3, mix, auth);
        const profiling = await startProfile(name);
        viaApiResult = await withCpu(() => driveApi(SECONDS, mix, auth));
        await profiling?.stop();
        const p95 = pct(viaApiResult.all, 95);
        row(
          `search via API, ${name} (${viaApiResult.samples.length} requests, ${viaApiResult.rate.toFixed(0)}/s, ${viaApiResult.errors} errors)`,
          `p50 ${ms(pct(viaApiResult.all, 50))}, p95 ${ms(p95)}, p99 ${ms(pct(viaApiResult.all, 99))}`,
          `p95 ≤ ${TARGETS.searchP95} ms`,
          p95 <= TARGETS.searchP95 ? 'yes' : 'NO',
        );
        row(`  CPU per search via API, ${name}`, cpuText(viaApiResult, 'API thread'));
      }
      await drive(3, mix, raw);
      const rawResult = await withCpu(() => drive(SECONDS, mix, raw));
      row(
        `same SQL via pg, ${name} (${rawResult.samples.length} queries, ${rawResult.rate.toFixed(0)}/s, ${rawResult.errors} errors)`,
        `p50 ${ms(pct(rawResult.all, 50))}, p95 ${ms(pct(rawResult.all, 95))}, p99 ${ms(pct(rawResult.all, 99))}`,
      );
      row(`  CPU per query via pg, ${name}`, cpuText(rawResult, 'pg clients'));
      if (viaApiResult) {
        const ratio = pct(viaApiResult.all, 50) / pct(rawResult.all, 50);
        const perQueryRatio = medianRatio(viaApiResult.samples, rawResult.samples);
        row(
          `API p50 / raw p50, ${name} (median of per-query ratios)`,
          `${ratio.toFixed(2)}x (${perQueryRatio.toFixed(2)}x)`,
          `≤ ${TARGETS.apiOverRaw}x`,
          ratio <= TARGETS.apiOverRaw ? 'yes' : 'NO',
        );
      }
      phases[name] = { api: viaApiResult, raw: rawResult };
    }
    if (probe.status !== 404) {
      // Name searches nobody made before, then the same SQL.
      const distinct = distinctNameSearches(data.contacts, 24_000);
      const warmUp = distinct.slice(0, 4000);
      const measured = distinct.slice(4000);
      await driveApi(3, warmUp, auth, CONCURRENCY, CONCURRENCY);
      const profilingFirst = await startProfile('distinct name searches');
      const firstApi = await withCpu(() => driveApi(SECONDS, measured, auth, CONCURRENCY, CONCURRENCY));
      await profilingFirst?.stop();
      row(
        `search via API, distinct name searches (${firstApi.samples.length} requests, ${firstApi.rate.toFixed(0)}/s, ${firstApi.errors} errors)`,
        `p50 ${ms(pct(firstApi.all, 50))}, p95 ${ms(pct(firstApi.all, 95))}, p99 ${ms(pct(firstApi.all, 99))}`,
      );
      row(`  CPU per search via API, distinct name searches`, cpuText(firstApi, 'API thread'));
      await drive(3, warmUp, raw, CONCURRENCY, CONCURRENCY);
      const firstRaw = await withCpu(() => drive(SECONDS, measured, raw, CONCURRENCY, CONCURRENCY));
      row(
        `same SQL via pg, distinct name searches (${firstRaw.samples.length} queries, ${firstRaw.rate.toFixed(0)}/s, ${firstRaw.errors} errors)`,
        `p50 ${ms(pct(firstRaw.all, 50))}, p95 ${ms(pct(firstRaw.all, 95))}, p99 ${ms(pct(firstRaw.all, 99))}`,
      );
      row(`  CPU per query via pg, distinct name searches`, cpuText(firstRaw, 'pg clients'));
      const firstRatio = pct(firstApi.all, 50) / pct(firstRaw.all, 50);
      row(
        `API p50 / raw p50, distinct name searches`,
        `${firstRatio.toFixed(2)}x`,
        `≤ ${TARGETS.apiOverRaw}x`,
        firstRatio <= TARGETS.apiOverRaw ? 'yes' : 'NO',
      );
      // What one person waits for, with nobody else searching: first-time name searches (queries
      // not asked before in this run), then the topic and filter-only searches.
      const alone = Math.max(5, Math.round(SECONDS / 2));
      const fresh = distinctNameSearches(data.contacts, 30_000).slice(24_000);
      const aloneApi = await driveApi(alone, fresh, auth, 1);
      const aloneRaw = await drive(alone, fresh.slice(aloneApi.samples.length), raw, 1);
      const aloneP95 = pct(aloneApi.all, 95);
      row(
        `first-time name searches from 1 client: API (${aloneApi.samples.length}) / same SQL via pg`,
        `p50 ${ms(pct(aloneApi.all, 50))} / ${ms(pct(aloneRaw.all, 50))}, p95 ${ms(aloneP95)} / ${ms(pct(aloneRaw.all, 95))}`,
        `p95 ≤ ${TARGETS.firstNameP95} ms`,
        aloneP95 <= TARGETS.firstNameP95 ? 'yes' : 'NO',
      );
      const browsing = MIX.filter((m) => !m.q || m.label.startsWith('topic'));
      const browseApi = await driveApi(alone, browsing, auth, 1);
      const browseRaw = await drive(alone, browsing, raw, 1);
      const browseP95 = pct(browseApi.all, 95);
      row(
        `topic and filter-only searches from 1 client: API / same SQL via pg`,
        `p50 ${ms(pct(browseApi.all, 50))} / ${ms(pct(browseRaw.all, 50))}, p95 ${ms(browseP95)} / ${ms(pct(browseRaw.all, 95))}`,
        `p95 ≤ ${TARGETS.browseP95} ms`,
        browseP95 <= TARGETS.browseP95 ? 'yes' : 'NO',
      );
      for (const q of perQuery(browseApi.samples).filter((x) => !Number.isNaN(x.p50)))
        log(`  alone, ${q.label}: p50 ${ms(q.p50)}, p95 ${ms(q.p95)}`);
      // Diagnostics: the same name searches from one client (no queueing), and as a member who sees
      // network contacts only (no restricted results, so no audit event per search).
      const quick = Math.max(3, Math.round(SECONDS / 3));
      const oneApi = await driveApi(quick, NAMES, auth, 1);
      const oneRaw = await drive(quick, NAMES, raw, 1);
      row(
        `name searches from 1 client: API / same SQL via pg`,
        `p50 ${ms(pct(oneApi.all, 50))} / ${ms(pct(oneRaw.all, 50))}, p95 ${ms(pct(oneApi.all, 95))} / ${ms(pct(oneRaw.all, 95))}`,
      );
      const industry = data.organisations.find((o) => o.kind === 'industry');
      const other = 'bench.industry@hosting.test';
      const invited = await invitations.invite(
        null,
        { email: other, role: 'member', organisationId: industry.id },
        null,
      );
      await invitations.accept(invited.token, password, 'Bench Industry', null);
      const industrySignIn = await fetch(`${api.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: other, password }),
      }).then((r) => r.json());
      const industryAuth = { authorization: `Bearer ${industrySignIn.accessToken}` };
      await driveApi(3, NAMES, industryAuth);
      const network = await driveApi(quick, NAMES, industryAuth);
      row(
        `name searches via API as a network-only member (${CONCURRENCY} clients, ${network.rate.toFixed(0)}/s)`,
        `p50 ${ms(pct(network.all, 50))}, p95 ${ms(pct(network.all, 95))}, p99 ${ms(pct(network.all, 99))}`,
      );
    }
    await pool.end();
    await hotPool.end();

    // Coverage matrix.
    const scans = [];
    const executions = [];
    if (!FIRST_TIME_ONLY) {
      const coverageUrl = `${api.url}/api/v1/directory/coverage`;
      if ((await get(coverageUrl, auth)).status === 404) row('coverage matrix', 'not available');
      else {
        for (let i = 0; i < 5; i++) await get(coverageUrl, auth);
        const times = [];
        for (let i = 0; i < 50; i++) times.push((await get(coverageUrl, auth)).ms);
        row(
          'coverage matrix (50 sequential)',
          `p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}`,
          `p95 ≤ ${TARGETS.coverageP95} ms`,
          pct(times, 95) <= TARGETS.coverageP95 ? 'yes' : 'NO',
        );
      }

      // vCards of 10,000 contacts, streamed.
      const vcfUrl = `${api.url}/api/v1/directory/contacts.vcf`;
      const first = await get(vcfUrl, auth);
      if (first.status === 404) row('10k vCards', 'not available');
      else {
        let cards = 0;
        let bytes = 0;
        let tail = '';
        gc();
        const before = process.memoryUsage();
        let peakRss = before.rss;
        let peakHeap = before.heapUsed;
        const sampler = setInterval(() => {
          const now = process.memoryUsage();
          peakRss = Math.max(peakRss, now.rss);
          peakHeap = Math.max(peakHeap, now.heapUsed);
        }, 5);
        const run = await get(vcfUrl, auth, (chunk) => {
          bytes += chunk.length;
          const text = tail + chunk.toString('latin1');
          cards += text.split('BEGIN:VCARD').length - 1;
          tail = text.slice(-10);
        });
        clearInterval(sampler);
        const mb = (x) => `${(x / 1024 / 1024).toFixed(1)} MB`;
        row(
          `vCards (${cards} cards, ${mb(bytes)}; first byte ${ms(run.firstByte)})`,
          `last byte ${ms(run.ms)}; RSS +${mb(peakRss - before.rss)}, heap +${mb(peakHeap - before.heapUsed)}`,
          `< ${TARGETS.vcardMs} ms`,
          run.status === 200 && run.ms < TARGETS.vcardMs ? 'yes' : 'NO',
        );
      }

      // Plans.
      // Every statement the search runs, one plan after the other (times summed).
      const explain = async (m) => {
        const statements = contactSearchStatements(viewer, filtersOf(m));
        const plans = [];
        for (const { text, values } of statements.one ? [statements.one] : [statements.counts, statements.page])
          plans.push(
            ...(await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values)).rows.map((r) => r['QUERY PLAN']),
          );
        return plans;
      };
      for (const label of ['typo "kowalsky"', '"mul" + victim id. + fr']) {
        log(
          `\nEXPLAIN (ANALYZE, BUFFERS), ${label}:\n${(await explain(MIX.find((m) => m.label === label))).join('\n')}`,
        );
      }
      for (const m of MIX) {
        const plan = await explain(m);
        const time = (name) =>
          [...plan.join('\n').matchAll(new RegExp(`${name} Time: ([\\d.]+)`, 'g'))].reduce(
            (t, [, x]) => t + Number(x),
            0,
          );
        executions.push({ label: m.label, ms: time('Execution'), planning: time('Planning') });
        const seq = plan.filter((l) => /Seq Scan on contact\b/.test(l));
        if (seq.length) scans.push(`${m.label}: ${seq.map((l) => l.trim()).join(' | ')}`);
      }
    }

    log(`\n${'-'.repeat(100)}`);
    log(
      `Directory at ${CONTACTS.toLocaleString('en')} contacts, ${ORGANISATIONS.toLocaleString('en')} organisations (${SECONDS} s per load phase)\n`,
    );
    const width = Math.max(...results.map((r) => r.measure.length));
    const valueWidth = Math.max(...results.map((r) => r.value.length));
    for (const r of results)
      log(`${r.measure.padEnd(width)}  ${r.value.padEnd(valueWidth)}  ${r.target.padEnd(16)} ${r.ok}`);
    const whole = phases['whole mix'];
    if (whole?.api) {
      log('\nper query (whole mix), API p50 / p95 | raw p50 / p95 | one EXPLAIN ANALYZE alone, planning + execution:');
      const rawBy = new Map(perQuery(whole.raw.samples).map((q) => [q.label, q]));
      for (const q of perQuery(whole.api.samples)) {
        const r = rawBy.get(q.label);
        const e = executions.find((x) => x.label === q.label);
        log(
          `  ${q.label.padEnd(36)} ${ms(q.p50).padStart(9)} / ${ms(q.p95).padStart(9)} | ${ms(r.p50).padStart(9)} / ${ms(r.p95).padStart(9)} | ${ms(e.planning).padStart(8)} + ${ms(e.ms).padStart(9)}`,
        );
      }
    }
    if (!FIRST_TIME_ONLY) {
      log(`\nqueries whose plan scans the contact table sequentially: ${scans.length ? '' : 'none'}`);
      for (const s of scans) log(`  ${s}`);
    }
  }
} finally {
  agent.destroy();
  await client.end().catch(() => undefined);
  await api?.close();
  await database.cleanUp(log);
}

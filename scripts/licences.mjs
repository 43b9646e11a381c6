// The licences of the production dependencies (direct ones from package.json, as installed).
//   node scripts/licences.mjs
import { readFileSync } from 'node:fs';

const read = (path) => JSON.parse(readFileSync(path, 'utf8'));
const licenceOf = (p) =>
  typeof p.license === 'string'
    ? p.license
    : [p.license, ...(p.licenses ?? [])]
        .filter(Boolean)
        .map((l) => l.type ?? String(l))
        .join(' OR ') || 'unknown';
const rows = Object.keys(read('package.json').dependencies ?? {})
  .sort()
  .map((name) => {
    const p = read(`node_modules/${name}/package.json`);
    return { name, version: p.version, licence: licenceOf(p) };
  });
const counts = new Map();
for (const r of rows) counts.set(r.licence, (counts.get(r.licence) ?? 0) + 1);
console.log('| package | version | licence |\n|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.version} | ${r.licence} |`);
console.log(`\n${rows.length} direct production dependencies: ${[...counts].map(([l, n]) => `${n} ${l}`).join(', ')}`);

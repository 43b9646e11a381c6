import { registerMigration } from './schema-diff.js';

describe('registerMigration', () => {
  const single = `import { A1 } from './1-A.js';\n\nexport const MIGRATIONS = [A1];\n`;
  const multi = `import { A1 } from './1-A.js';\nimport { B2 } from './2-B.js';\n\nexport const MIGRATIONS = [\n  A1,\n  B2,\n];\n`;

  it('appends to a one-line list', () => {
    const out = registerMigration(single, 'C3', '3-C');
    expect(out).toContain(`import { C3 } from './3-C.js';`);
    expect(out).toMatch(/export const MIGRATIONS = \[\n {2}A1,\n {2}C3,\n\];\n$/);
  });

  it('appends to a list Prettier spread over lines, leaving no hole', () => {
    const out = registerMigration(multi, 'C3', '3-C');
    const list = out.slice(out.indexOf('['));
    expect(list).not.toMatch(/,\s*,/);
    expect(list).toBe('[\n  A1,\n  B2,\n  C3,\n];\n');
  });
});

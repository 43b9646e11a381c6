import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '@liaison/core';

export interface SchemaChanges {
  up: string[];
  down: string[];
}

/** The SQL TypeORM would run to make the migrated schema match the entities. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<SchemaChanges> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((q) => q.query),
    down: sql.downQueries.map((q) => q.query).reverse(),
  };
}

const quote = (sql: string) => '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';

/** Writes `migrations/<timestamp>-<Name>.ts` and registers it in migrations/index.ts. */
export function renderMigration(name: string, changes: SchemaChanges, timestamp: number): string {
  const className = `${name}${timestamp}`;
  const file = join(PROJECT_ROOT, 'migrations', `${timestamp}-${name}.ts`);
  const body = (queries: string[]) => queries.map((q) => `    await q.query(${quote(q)});`).join('\n');
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(q: QueryRunner): Promise<void> {
${body(changes.up)}
  }

  async down(q: QueryRunner): Promise<void> {
${body(changes.down)}
  }
}
`,
  );
  const index = join(PROJECT_ROOT, 'migrations', 'index.ts');
  writeFileSync(index, registerMigration(readFileSync(index, 'utf8'), className, `${timestamp}-${name}`));
  return file;
}

/** Adds a migration's import and its entry at the end of migrations/index.ts's list. */
export function registerMigration(source: string, className: string, fileStem: string): string {
  const start = source.indexOf('export const MIGRATIONS = [');
  if (start < 0) throw new Error('migrations/index.ts has no MIGRATIONS list');
  const open = source.indexOf('[', start);
  const close = source.indexOf('];', open);
  const entries = source
    .slice(open + 1, close)
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const head = source.slice(0, start).replace(/\n*$/, `\nimport { ${className} } from './${fileStem}.js';\n\n`);
  return `${head}export const MIGRATIONS = [\n${[...entries, className].map((e) => `  ${e},`).join('\n')}\n];\n`;
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildOpenApiDocument, PROJECT_ROOT } from '@liaison/core';
import { pendingSchemaChanges } from '../../apps/api/src/schema-diff.js';
import { serialiseOpenApi } from '../../apps/api/src/openapi-file.js';
import { statementsOf } from '../../scripts/queries.mjs';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('schema and contract', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('has migrations that produce exactly the schema the entities describe', async () => {
    const changes = await pendingSchemaChanges(api.app.get(DataSource));
    expect(changes.up).toEqual([]);
  });

  it('detects an entity change that has no migration', async () => {
    const dataSource = api.app.get(DataSource);
    await dataSource.query('ALTER TABLE workspace_meta DROP COLUMN updated_at');
    const changes = await pendingSchemaChanges(dataSource);
    expect(changes.up.join('\n')).toMatch(/ALTER TABLE "workspace_meta" ADD "updated_at"/);
  });

  it('has the committed OpenAPI document (run `npm run openapi` after changing routes)', () => {
    const committed = readFileSync(join(PROJECT_ROOT, 'openapi.json'), 'utf8');
    expect(serialiseOpenApi(buildOpenApiDocument(api.app))).toBe(committed);
  });

  it('has the committed web contract libs/contract/src/schema.d.ts (run `npm run contract` after `npm run openapi`)', () => {
    const check = spawnSync(
      process.execPath,
      [
        'node_modules/openapi-typescript/bin/cli.js',
        'openapi.json',
        '--default-non-nullable',
        'false',
        '--output',
        'libs/contract/src/schema.d.ts',
        '--check',
      ],
      { cwd: PROJECT_ROOT, encoding: 'utf8' },
    );
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('has the committed queries/*.sql of every repository (run `npm run queries` after changing one)', () => {
    const check = spawnSync(process.execPath, ['scripts/queries.mjs', '--check'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('writes out what a repository runs, with its constants, under the method that runs it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'liaison-queries-')), 'probe.repository.ts');
    writeFileSync(
      file,
      [
        'const COLUMNS = `id, name`;',
        'export class ProbeRepository {',
        '  async byId(id: string) {',
        '    return this.db.query(`SELECT ${COLUMNS} FROM probe',
        '        WHERE id = $1 AND ${this.extra}`, [id]);',
        '  }',
        '  async counts() {',
        "    return { gone: await affected(this.db, 'DELETE FROM probe WHERE old') };",
        '  }',
        '}',
      ].join('\n'),
    );
    expect(statementsOf(file)).toEqual([
      { place: 'ProbeRepository.byId', sql: 'SELECT id, name FROM probe\n  WHERE id = $1 AND ${this.extra}' },
      { place: 'ProbeRepository.counts: gone', sql: 'DELETE FROM probe WHERE old' },
    ]);
  });
});

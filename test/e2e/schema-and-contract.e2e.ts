import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildOpenApiDocument, PROJECT_ROOT } from '@liaison/core';
import { pendingSchemaChanges } from '../../apps/api/src/schema-diff.js';
import { serialiseOpenApi } from '../../apps/api/src/openapi-file.js';
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
});

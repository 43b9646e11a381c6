import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { AuditService } from '@liaison/audit';
import { DemoSeedService } from '@liaison/demo';
import { FacetCompaction } from '@liaison/directory';
import { InvitationsService } from '@liaison/identity';
import { DataSource } from 'typeorm';
import {
  buildOpenApiDocument,
  ConfigError,
  createLogger,
  prepareRuntime,
  PROJECT_ROOT,
  type Runtime,
} from '@liaison/core';
import { MIGRATIONS } from '../../../migrations/index.js';
import { createApiApp } from './api-app.js';
import { AppModule } from './app.module.js';
import { serialiseOpenApi } from './openapi-file.js';
import { pendingSchemaChanges, renderMigration } from './schema-diff.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                       apply pending migrations
  seed-demo                     seed the fictional demo workspace (once per database; only with DEMO=true)
  migration:generate <Name>     write a migration for the difference between entities and schema
  migration:check               exit 1 when entities and migrations disagree
  openapi [--check]             write openapi.json (or exit 1 when it is out of date)
  create-admin --email <e-mail> invite the first secretariat administrator; prints a one-time link
  audit:verify                  recompute the audit hash chain; exit 1 naming the first altered event
  directory:rebuild-facets      count the directory's facet groups afresh from the contacts
`;

const OPENAPI_FILE = join(PROJECT_ROOT, 'openapi.json');

async function withContext<T>(
  runtime: Runtime,
  fn: (get: <R>(token: abstract new (...args: never[]) => R) => R) => Promise<T>,
): Promise<T> {
  const context = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config: runtime.config, logger: runtime.logger, runsJobs: false }),
    { logger: false },
  );
  try {
    return await fn((token) => context.get(token));
  } finally {
    await context.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { check: { type: 'boolean' }, help: { type: 'boolean' }, email: { type: 'string' } },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const runtime = await prepareRuntime({ migrations: MIGRATIONS, logger });
  try {
    switch (command) {
      case 'migrate':
        process.stdout.write('The database is up to date.\n');
        return 0;
      case 'seed-demo': {
        // The demo's accounts share a published password: a real workspace is never seeded.
        if (!runtime.config.demo) {
          process.stderr.write('This workspace is not a demo: the demo is seeded only with DEMO=true.\n');
          return 1;
        }
        const result = await withContext(runtime, (get) => get(DemoSeedService).seedOnce());
        process.stdout.write(
          result.seeded
            ? `Demo workspace seeded (${result.seeders.join(', ') || 'no seeders registered yet'}).\n`
            : 'The demo workspace was already seeded; nothing to do.\n',
        );
        return 0;
      }
      case 'migration:generate': {
        const name = rest[0];
        if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
          process.stderr.write('Give the migration a PascalCase name: npm run migration:generate -- AddContacts\n');
          return 2;
        }
        const changes = await withContext(runtime, (get) => pendingSchemaChanges(get(DataSource)));
        if (changes.up.length === 0) {
          process.stdout.write('No schema changes: entities and migrations agree.\n');
          return 0;
        }
        const file = renderMigration(name, changes, Date.now());
        process.stdout.write(`Wrote ${file}. Review its SQL before you commit it.\n`);
        return 0;
      }
      case 'migration:check': {
        const changes = await withContext(runtime, (get) => pendingSchemaChanges(get(DataSource)));
        if (changes.up.length === 0) {
          process.stdout.write('Entities and migrations agree.\n');
          return 0;
        }
        process.stderr.write(`Entities and migrations disagree; a migration would run:\n${changes.up.join(';\n')};\n`);
        return 1;
      }
      case 'openapi': {
        const app = await createApiApp(runtime);
        await app.init();
        const text = serialiseOpenApi(buildOpenApiDocument(app));
        await app.close();
        if (values.check) {
          const committed = readFileSync(OPENAPI_FILE, 'utf8');
          if (committed !== text) {
            process.stderr.write('openapi.json is out of date: run `npm run openapi` and commit it.\n');
            return 1;
          }
          process.stdout.write('openapi.json is up to date.\n');
          return 0;
        }
        writeFileSync(OPENAPI_FILE, text);
        process.stdout.write(`Wrote ${OPENAPI_FILE}.\n`);
        return 0;
      }
      case 'create-admin': {
        const email = values.email;
        if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
          process.stderr.write(
            "Give the administrator's e-mail: npm run cli -- create-admin --email someone@example.org\n",
          );
          return 2;
        }
        const link = await withContext(runtime, async (get) => {
          const invitations = get(InvitationsService);
          const { token } = await invitations.invite(null, { email, role: 'secretariat' }, null);
          return invitations.linkFor(token);
        });
        process.stdout.write(`Invitation for ${email} (secretariat), valid 7 days, usable once:\n${link}\n`);
        return 0;
      }
      case 'audit:verify': {
        const result = await withContext(runtime, (get) => get(AuditService).verify());
        if (result.ok) {
          process.stdout.write(`The audit log verifies: ${result.events} events, head ${result.head}.\n`);
          return 0;
        }
        process.stderr.write(
          `The audit log is broken at seq ${result.brokenAt} (${result.events} events before it verify).\n`,
        );
        return 1;
      }
      case 'directory:rebuild-facets': {
        const groups = await withContext(runtime, (get) => get(FacetCompaction).rebuild());
        process.stdout.write(`The directory's facet groups are counted afresh: ${groups} groups.\n`);
        return 0;
      }
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      err instanceof ConfigError
        ? `${err.message}\n`
        : `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);

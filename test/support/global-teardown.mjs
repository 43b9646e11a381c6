import { adminQuery } from './global-setup.mjs';

/** Drops this run's clones and template; stops the embedded server if the setup started one. */
export default async function globalTeardown() {
  const adminUrl = process.env.LIAISON_TEST_ADMIN_URL;
  const template = process.env.LIAISON_TEST_TEMPLATE;
  if (adminUrl && template) {
    const rows = await adminQuery(adminUrl, `SELECT datname FROM pg_database WHERE datname LIKE $1 || '\\_t\\_%'`, [
      template,
    ]);
    for (const { datname } of rows) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  }
  await globalThis.__LIAISON_EMBEDDED__?.stop();
}

